/**
 * Defaults of an aggregate's bounds (config.ts), applied by shared/aggregates (see
 * docs/data-model.md). 100 items of up to 512-byte keys with their cells take under 60 KB, and an
 * 8 KB `latest` holds a cart of about 50 lines: several of each fit in one customer's aggregates
 * item, far from DynamoDB's 400 KB. A module of its own, so that the functions that apply them do
 * not build the config schemas.
 */
export const AGGREGATE_DEFAULTS = { maxItems: 100, maxBytes: 8192 } as const;
