import * as z from 'zod/mini';

/**
 * A dotted path into a document, e.g. `detail.cartId` or `company.size`. No part is `__proto__`:
 * an update-profile step writes along its path, and that part would write Object.prototype, for
 * every object of the function, rather than a field.
 */
export const FieldPath = z.string().check(
  z.regex(/^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/, 'expected a dotted field path such as "detail.cartId"'),
  z.refine((path) => !path.split('.').includes('__proto__'), 'a field path cannot hold "__proto__"'),
  z.meta({ description: 'A dotted field path, e.g. "detail.cartId".' }),
);
export type FieldPath = z.infer<typeof FieldPath>;

/** Names that scenarios use to refer to programs, segments, aggregates, templates and steps. */
export const Name = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9][a-z0-9_-]*$/,
      'expected lower-case letters, digits, "-" or "_" (e.g. "cart-reminder")',
    ),
    z.maxLength(48, 'at most 48 characters, so state names stay readable'),
  );
export type Name = z.infer<typeof Name>;
