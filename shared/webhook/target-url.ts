/**
 * Where Parcours may send a customer-related request or point a customer-facing link: https
 * anywhere, or plain http to this machine only. Loopback http exists for tests and the local
 * platform; anything else in clear text would expose profile data and signed links on the wire.
 */
export function isHttpsOrLoopback(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHostname(url.hostname);
}

/**
 * Checked on the WHATWG-normalised hostname, so spellings such as `127.1` or `0x7f.0.0.1` have
 * already become `127.0.0.1`, and `127.0.0.1.example.com` stays a domain that does not match.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** Credentials in a URL end up in logs and execution history, and fetch refuses them anyway. */
export function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/**
 * Whether a URL's path, as written, holds a `.` or `..` segment, which the URL parser resolves
 * away (`/contacts/../admin` is `/admin`), in any of the spellings it reads as one (`%2e`, `\` as a
 * separator, tabs and line breaks dropped). A value a step wrote into the path can be one: it is
 * percent-encoded, but a dot is left as it is.
 */
export function hasDotSegment(text: string): boolean {
  // The parser drops tabs and line breaks before it reads the path: `.\n.` is `..` to it.
  const read = text.replace(/[\t\n\r]/g, '');
  const afterScheme = read.slice(read.indexOf('//') + 2);
  const path = afterScheme.replace(/^[^/\\?#]*/, '').replace(/[?#].*$/s, '');
  return path.split(/[/\\]/).some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
