/** Whether a file system error says the file is not there (rather than unreadable). */
export function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
