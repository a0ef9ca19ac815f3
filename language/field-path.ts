import * as z from 'zod/mini';

/** A dotted path into a document, e.g. `detail.cartId` or `company.size`. */
export const FieldPath = z
  .string()
  .check(
    z.regex(/^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/, 'expected a dotted field path such as "detail.cartId"'),
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
