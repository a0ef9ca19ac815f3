import { vi } from 'vitest';
import * as z from 'zod';

/** The part of an Embedded Metric Format record that CloudWatch turns into metrics. */
export const EmfRecord = z.looseObject({
  _aws: z.object({
    CloudWatchMetrics: z.array(
      z.object({
        Dimensions: z.array(z.array(z.string())),
        Metrics: z.array(z.object({ Name: z.string() })),
      }),
    ),
  }),
});
export type EmfRecord = z.infer<typeof EmfRecord>;

/** Every EMF record written to stdout while `act` runs, as CloudWatch would read them from the log. */
export async function emfRecordsWhile(act: () => unknown): Promise<EmfRecord[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => EmfRecord.parse(JSON.parse(line)));
}
