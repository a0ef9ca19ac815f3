import * as z from 'zod/mini';

/**
 * What a send step sends on and its category: apart from the step schemas, so that the functions
 * that read only these do not build every step's schema when they load. In zod/mini, like every
 * schema a function that has moved to it reads (see tests/unit/architecture/imports.test.ts).
 */
export const Channel = z.enum(['email', 'sms', 'push']);
export type Channel = z.infer<typeof Channel>;

export const Category = z.enum(['marketing', 'transactional']);
export type Category = z.infer<typeof Category>;
