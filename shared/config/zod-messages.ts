import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini loads no messages of its own: a function whose schemas are all zod/mini would name a
// wrong field with "Invalid input" only. Classic zod sets these same English messages when it
// loads, so code that still uses it says the same.
config(en());
