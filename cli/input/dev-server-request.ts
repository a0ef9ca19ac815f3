import * as z from 'zod';

/** A dev server that is up answers at once; one that does not answer is not up. */
const ADMIN_TIMEOUT_MS = 5_000;

/** The admin endpoint of a dev server whose bus listens on `busPort` (it takes the next port). */
export function adminUrlOf(busPort: number): string {
  return `http://127.0.0.1:${busPort + 1}`;
}

/**
 * Asks the running dev server's admin endpoint, so commands work while it holds the data folder.
 * Undefined when nothing answers there (the caller then reads the data folder itself); an error
 * naming the server's reason when it answers with one.
 */
export async function askDevServer<T>(
  admin: string,
  path: string,
  schema: z.core.$ZodType<T>,
): Promise<T | undefined> {
  let response: Response;
  try {
    response = await fetch(`${admin}${path}`, { signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS) });
  } catch {
    return undefined;
  }
  // Whatever else answers on that port (another program, a proxy's error page) is named, not
  // parsed into a bare "Unexpected token <".
  const type = response.headers.get('content-type') ?? 'no content type';
  if (!/^application\/json\b/i.test(type)) {
    await response.body?.cancel();
    throw new Error(
      `${admin}${path} answered ${response.status} with ${type}, not the JSON of a parcours dev server`,
    );
  }
  const body: unknown = await response.json();
  if (!response.ok) {
    const error = z.object({ error: z.string() }).safeParse(body);
    throw new Error(
      `the dev server answered ${response.status}: ${error.success ? error.data.error : 'no reason'}`,
    );
  }
  return z.parse(schema, body);
}
