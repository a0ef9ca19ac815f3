import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, recordSendOutcome, silentMetrics } from '../../../shared/observability/metrics.ts';

const SENT = { outcome: 'sent', scenario: 'cart', step: 'email', channel: 'email' } as const;

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the metrics wrote to stdout as embedded metric format lines (`_aws` objects). */
function emfLinesWhile(work: () => void): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  work();
  vi.restoreAllMocks();
  return lines.filter((line) => line.includes('"_aws"'));
}

describe('the metrics of the local platform', () => {
  it('write nothing, where the deployed functions write a metric line', () => {
    // Act
    const deployed = emfLinesWhile(() => {
      const metrics = createMetrics('send');
      recordSendOutcome(metrics, SENT);
      metrics.publishStoredMetrics();
    });
    const local = emfLinesWhile(() => {
      const metrics = silentMetrics('send');
      recordSendOutcome(metrics, SENT);
      metrics.addMetric('EventsAccepted', 'Count', 1);
      metrics.publishStoredMetrics();
    });

    // Assess
    expect(deployed.join('')).toContain('MessagesSent');
    expect(local).toEqual([]);
  });
});
