/**
 * SES message tags allow only letters, digits, "_" and "-", but profile ids and variants are the
 * customer's own (they may hold "." or "@"). A value that would not survive is sent as base64url
 * (whose alphabet is exactly what SES allows) behind a prefix, and decoded from delivery events.
 */
const SAFE = /^[A-Za-z0-9_-]{1,200}$/;
const PREFIX = 'b64_';

export function encodeTagValue(value: string): string {
  if (SAFE.test(value) && !value.startsWith(PREFIX)) return value;
  return `${PREFIX}${Buffer.from(value, 'utf8').toString('base64url')}`;
}

export function decodeTagValue(value: string): string {
  return value.startsWith(PREFIX)
    ? Buffer.from(value.slice(PREFIX.length), 'base64url').toString('utf8')
    : value;
}
