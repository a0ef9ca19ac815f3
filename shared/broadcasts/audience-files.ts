/**
 * Where a broadcast's audience waits for its waves: one JSON Lines file per wave, a recipient a
 * line. On AWS an S3 bucket, which the Distributed Map reads (ItemReader); locally a map in memory,
 * which the local runtime reads in its stead.
 */
export type AudienceFiles = {
  write(key: string, lines: readonly string[]): Promise<void>;
  read(key: string): Promise<readonly string[]>;
};

/** The files in memory: the local platform's and the tests'. */
export function memoryAudienceFiles(): AudienceFiles & { readonly keys: () => string[] } {
  const files = new Map<string, readonly string[]>();
  return {
    write: async (key, lines) => {
      files.set(key, [...lines]);
    },
    read: async (key) => {
      const lines = files.get(key);
      if (lines === undefined) throw new Error(`no audience file "${key}"`);
      return lines;
    },
    keys: () => [...files.keys()],
  };
}
