/**
 * Says why a command failed, on one line of stderr as `parcours: <message>`, and sets the exit
 * code the README documents (see EXIT): never a stack trace.
 */
export function fail(code: number, message: string): void {
  process.stderr.write(`parcours: ${message}\n`);
  process.exitCode = code;
}
