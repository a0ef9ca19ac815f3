import { hasCredentials, isHttpsOrLoopback } from '../webhook/target-url.ts';

/**
 * Paths relative to the deployment's public base URL, so a base with a prefix (an API Gateway
 * stage such as `https://id.execute-api.eu-west-1.amazonaws.com/prod/`) keeps its prefix.
 */
export const UNSUBSCRIBE_PATH = 'unsubscribe';
export const PREFERENCES_PATH = 'preferences';
/** The query parameter the endpoint reads the token from, for GET and one-click POST alike. */
export const TOKEN_PARAMETER = 'token';

export const ONE_CLICK_FIELD = 'List-Unsubscribe';
export const ONE_CLICK_VALUE = 'One-Click';

export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return endpointUrl(baseUrl, UNSUBSCRIBE_PATH, token);
}

export function preferencesUrl(baseUrl: string, token: string): string {
  return endpointUrl(baseUrl, PREFERENCES_PATH, token);
}

/**
 * The two headers RFC 8058 asks for. Mailbox providers only show their one-click button when both
 * are present and covered by the message's DKIM signature, and they POST
 * `List-Unsubscribe=One-Click` to the URL themselves, without the customer opening it.
 */
export function listUnsubscribeHeaders(url: string): MailHeader[] {
  const parsed = publicUrl(url);
  // WHATWG serialisation drops CR, LF and tabs and percent-encodes `<`, `>` and spaces, so the
  // value can neither end the angle brackets early nor inject another header.
  const href = parsed.href;
  if (!/^[\x21-\x7e]+$/.test(href) || href.includes('>')) {
    throw new Error('a List-Unsubscribe URL must be plain printable ASCII');
  }
  return [
    { name: 'List-Unsubscribe', value: `<${href}>` },
    { name: 'List-Unsubscribe-Post', value: `${ONE_CLICK_FIELD}=${ONE_CLICK_VALUE}` },
  ];
}

function endpointUrl(baseUrl: string, path: string, token: string): string {
  return `${endpointBase(baseUrl)}${path}?${new URLSearchParams({ [TOKEN_PARAMETER]: token })}`;
}

/** Checked bases by the text configured: a deployment has one, and every message uses it. */
const endpointBases = new Map<string, string>();

/** The base URL checked and ending in `/`, so that endpoint paths resolve under it. */
function endpointBase(baseUrl: string): string {
  const known = endpointBases.get(baseUrl);
  if (known !== undefined) return known;
  const base = publicUrl(baseUrl);
  if (base.search !== '' || base.hash !== '') {
    throw new Error('an unsubscribe base URL cannot carry a query or a fragment');
  }
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  // Bounded, though a process sees one base or two: the text comes from configuration.
  if (endpointBases.size >= 16) endpointBases.clear();
  endpointBases.set(baseUrl, base.href);
  return base.href;
}

/**
 * RFC 8058 requires an HTTPS URI; loopback http is let through for the local platform, whose
 * outbox shows these links to the developer and never to a mailbox provider.
 */
function publicUrl(text: string): URL {
  const url = new URL(text);
  if (!isHttpsOrLoopback(url)) throw new Error(`an unsubscribe URL must use https://, got ${url.protocol}`);
  if (hasCredentials(url)) throw new Error('an unsubscribe URL cannot carry credentials');
  return url;
}
