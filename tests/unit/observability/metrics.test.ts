import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIMENSIONS } from '../../../infra/constructs/metrics.ts';
import { createMetrics, recordSendOutcome } from '../../../shared/observability/metrics.ts';
import { emfRecordsWhile } from '../../helpers/emf.ts';

const sorted = (sets: string[][]) => sets.map((set) => [...set].sort()).sort();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('send metrics, as the dashboards search them', () => {
  it('publishes a skip by scenario, step and channel, and by scenario and reason', async () => {
    // Prepare
    const metrics = createMetrics('send');

    // Act
    const records = await emfRecordsWhile(() =>
      recordSendOutcome(metrics, {
        outcome: 'skipped',
        reason: 'unsubscribed',
        scenario: 'abandoned-cart',
        step: 'cart-email',
        channel: 'email',
      }),
    );

    // Assess: the dimension sets the dashboards' SEARCH expressions name, and no other.
    expect(records).toHaveLength(1);
    const [record] = records;
    const published = record?._aws.CloudWatchMetrics[0];
    expect(published?.Metrics.map(({ Name }) => Name)).toEqual(['MessagesSkipped']);
    expect(sorted(published?.Dimensions ?? []).filter((set) => set.length > 1)).toEqual(
      sorted([[...DIMENSIONS.sendStep], [...DIMENSIONS.sendReason]]),
    );
    expect(record).toMatchObject({ scenario: 'abandoned-cart', reason: 'unsubscribed', service: 'send' });
    // The scenario is this metric's own: the function's other metrics are not dimensioned by it.
    const later = await emfRecordsWhile(() => metrics.singleMetric().addMetric('Other', 'Count', 1));
    expect(later[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });

  it('publishes a sent message by scenario, step and channel only', async () => {
    const records = await emfRecordsWhile(() =>
      recordSendOutcome(createMetrics('send'), {
        outcome: 'sent',
        scenario: 'abandoned-cart',
        step: 'cart-email',
        channel: 'email',
      }),
    );

    const published = records[0]?._aws.CloudWatchMetrics[0];
    expect(published?.Metrics.map(({ Name }) => Name)).toEqual(['MessagesSent']);
    expect(sorted(published?.Dimensions ?? []).filter((set) => set.length > 1)).toEqual([
      [...DIMENSIONS.sendStep].sort(),
    ]);
  });
});
