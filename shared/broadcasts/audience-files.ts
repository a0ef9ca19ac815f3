/**
 * Where a broadcast's audience waits for its waves: one JSON Lines file per wave, a recipient a
 * line. On AWS an S3 bucket, which the Distributed Map reads (ItemReader); locally a map in memory,
 * which the local runtime reads in its stead.
 */
export type AudienceFiles = {
  write(key: string, lines: readonly string[]): Promise<void>;
  read(key: string): Promise<readonly string[]>;
};

/** Audience files a reader may forget once read: the local runtime's, where S3's lifecycle is not. */
export type TakenAudienceFiles = AudienceFiles & {
  /** Reads a file and forgets it: a wave is read once, and a retried broadcast writes it again. */
  take(key: string): Promise<readonly string[]>;
};

/** The files in memory: the local platform's and the tests'. */
export function memoryAudienceFiles(): TakenAudienceFiles & { readonly keys: () => string[] } {
  const files = new Map<string, readonly string[]>();
  const read = async (key: string) => {
    const lines = files.get(key);
    if (lines === undefined) throw new Error(`no audience file "${key}"`);
    return lines;
  };
  return {
    write: async (key, lines) => {
      files.set(key, [...lines]);
    },
    read,
    take: async (key) => {
      const lines = await read(key);
      files.delete(key);
      return lines;
    },
    keys: () => [...files.keys()],
  };
}
