import { describe, expect, it } from 'vitest';
import { createMetrics, recordSendOutcome, silentMetrics } from '../../../shared/observability/metrics.ts';
import { emfRecordsWhile } from '../../helpers/emf.ts';

const SENT = { outcome: 'sent', scenario: 'cart', step: 'email', channel: 'email' } as const;

describe('the metrics of the local platform', () => {
  it('write nothing, where the deployed functions write a metric line', async () => {
    // Act
    const deployed = await emfRecordsWhile(() => {
      const metrics = createMetrics('send');
      recordSendOutcome(metrics, SENT);
      metrics.publishStoredMetrics();
    });
    const local = await emfRecordsWhile(() => {
      const metrics = silentMetrics('send');
      recordSendOutcome(metrics, SENT);
      metrics.addMetric('EventsAccepted', 'Count', 1);
      metrics.publishStoredMetrics();
    });

    // Assess
    expect(JSON.stringify(deployed)).toContain('MessagesSent');
    expect(local).toEqual([]);
  });
});
