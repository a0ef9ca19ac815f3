import * as z from 'zod/mini';
import type { Clock } from '../clock/clock.ts';
import { PermanentWebhookError, RetryableWebhookError } from './errors.ts';
import { signWebhook } from './signature.ts';
import { hasCredentials, hasDotSegment, isHttpsOrLoopback } from './target-url.ts';

/** Mirrors the scenario language's `webhook` step, after template rendering. */
export const WebhookRequest = z.object({
  url: z.string().check(z.minLength(1)),
  method: z.enum(['POST', 'PUT', 'PATCH']),
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.unknown()),
});
export type WebhookRequest = z.infer<typeof WebhookRequest>;

export interface WebhookDeps {
  secret: string;
  clock: Clock;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Covers connecting and receiving the response headers; the response body is not read. */
  timeoutMs: number;
}

/**
 * Sends one signed JSON request and classifies the outcome for the state machine: 2xx resolves;
 * network errors, timeouts, 429 and 5xx throw `Parcours.Retryable`; any other status throws
 * `Parcours.PermanentFailure`.
 *
 * A timed-out request may still have been processed, so a retry can deliver twice: pass a
 * stable idempotency header (for example the execution name and step id) for receivers to dedupe.
 */
export async function postWebhook(request: WebhookRequest, deps: WebhookDeps): Promise<{ status: number }> {
  const parsed = WebhookRequest.safeParse(request);
  if (!parsed.success)
    throw new PermanentWebhookError(`invalid webhook request: ${z.prettifyError(parsed.error)}`);
  if (!Number.isFinite(deps.timeoutMs) || deps.timeoutMs <= 0) {
    throw new RangeError(`a webhook needs a positive timeout, got ${deps.timeoutMs}`);
  }
  const { method } = parsed.data;
  const url = targetUrl(parsed.data.url);
  const body = jsonBody(parsed.data.body);
  const headers = requestHeaders(parsed.data.headers, body, deps);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  let response: Response;
  try {
    // Redirects are not followed: a 3xx could lead to plain http or to an internal address, past
    // the checks above, and would resend a signed body to a host nobody reviewed.
    response = await (deps.fetch ?? fetch)(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
  } catch (error) {
    const what = controller.signal.aborted ? `timed out after ${deps.timeoutMs} ms` : 'failed to connect';
    throw new RetryableWebhookError(`webhook to ${url.origin} ${what}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  // Release the connection; the receiver's answer is not used, and it may never end.
  await response.body?.cancel().catch(() => undefined);
  return classify(response.status, url);
}

/**
 * Error messages name the origin only: they land in execution history, and webhook URLs often
 * carry a secret in their path or query.
 */
function classify(status: number, url: URL): { status: number } {
  if (status >= 200 && status < 300) return { status };
  const message = `webhook to ${url.origin} answered ${status}`;
  if (status === 429 || status >= 500) throw new RetryableWebhookError(message, { status });
  throw new PermanentWebhookError(message, { status });
}

function targetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new PermanentWebhookError('a webhook URL must be an absolute URL', { cause: error });
  }
  if (!isHttpsOrLoopback(url)) {
    throw new PermanentWebhookError(
      `a webhook URL must use https:// (http only to loopback), got ${url.protocol}`,
    );
  }
  if (hasCredentials(url))
    throw new PermanentWebhookError('a webhook URL cannot carry credentials; use headers');
  if (hasDotSegment(text))
    throw new PermanentWebhookError(
      `a webhook URL's path cannot hold a "." or ".." segment, which would call another path than the one written: ${url.origin}`,
    );
  return url;
}

/** A step without a body still sends a JSON document, so receivers can always parse one. */
function jsonBody(body: unknown): string {
  if (body === undefined) return '{}';
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new PermanentWebhookError('a webhook body must be serialisable to JSON', { cause: error });
  }
  if (text === undefined) throw new PermanentWebhookError('a webhook body must be serialisable to JSON');
  return text;
}

/** Signature and content type are set last, so a scenario's headers cannot override them. */
function requestHeaders(
  custom: Record<string, string> | undefined,
  body: string,
  deps: WebhookDeps,
): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(custom ?? {})) {
    try {
      headers.set(name, value);
    } catch (error) {
      // Named, not quoted: the value may be a customer's data, and this message is kept.
      throw new PermanentWebhookError(
        `the webhook header "${name.slice(0, 100)}" has an invalid name or value (a line break, or a character past Latin-1)`,
        { cause: error },
      );
    }
  }
  headers.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(signWebhook(body, deps.secret, deps.clock.now()))) {
    headers.set(name, value);
  }
  return headers;
}
