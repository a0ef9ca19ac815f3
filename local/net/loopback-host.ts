import type { IncomingMessage } from 'node:http';

/** The names a browser uses for this machine's loopback interface. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a request to a server on loopback names loopback as its host. A web page whose own
 * domain was pointed at 127.0.0.1 (DNS rebinding) names its domain instead; refused, it cannot
 * read customers' data from a marketer's or a developer's browser.
 */
export function namesLoopback(request: IncomingMessage): boolean {
  const host = request.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  return LOOPBACK_NAMES.has(name);
}

/** Whether `host`, an address a server listens on, is loopback only. */
export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host === '::1';
}

/**
 * Whether a request comes from a page on this machine, or from no page at all (a client sends no
 * Origin). A page elsewhere can still send a form to 127.0.0.1 naming it as the host.
 */
export function comesFromLoopback(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const { hostname } = new URL(origin);
    return isLoopbackAddress(hostname);
  } catch {
    return false;
  }
}
