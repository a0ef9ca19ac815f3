import { BROADCAST_BATCH_SIZE, BROADCAST_STATES, compileBroadcast } from './broadcast-definition.ts';
import { type PathCost, PRICES } from './path-stats.ts';

/** AWS list prices (us-east-1) a broadcast adds to those of PRICES. */
export const BROADCAST_PRICES = {
  /** Lambda on arm64, per GB-second. */
  perLambdaGbSecond: 0.0000133334,
  /** EventBridge Scheduler, per invocation (beyond 14 million a month free). */
  perSchedulerInvocation: 1 / 1_000_000,
  /** S3 Standard PUT and GET requests. */
  perS3Put: 0.005 / 1000,
  perS3Get: 0.0004 / 1000,
  /** What SES itself charges for 1,000 emails: the yardstick of a newsletter's orchestration. */
  sesPer1000Emails: 0.1,
} as const;

/**
 * What the estimate assumes of the functions, from the deployed sizes (infra/constructs/functions.ts):
 * a batch spends about 60 ms a recipient at 512 MB (an entry, a send's ledger and one SES call);
 * the audience export about 0.1 ms a customer scanned at 1,769 MB.
 */
export const BROADCAST_ASSUMPTIONS = {
  deliverSecondsPerRecipient: 0.06,
  deliverGb: 0.5,
  audienceSecondsPerRecipient: 0.0001,
  audienceGb: 1.769,
} as const;

export type BroadcastCost = {
  /** Whether each recipient's journey is made in its batch (one send) or starts a Standard execution. */
  readonly journey: 'in the batch' | 'Standard execution';
  /** US dollars of orchestration per 1,000 recipients: children, functions, and the journeys started. */
  readonly per1000: number;
  /** The same, as a share of what SES charges for 1,000 emails. */
  readonly shareOfSes: number;
  /** US dollars per wave whatever its size: the parent's states for it, its file and results. */
  readonly perWave: number;
  /** US dollars per occurrence: the Scheduler invocation and the parent's other states. */
  readonly perOccurrence: number;
};

/**
 * The orchestration a broadcast costs: per batch of BROADCAST_BATCH_SIZE recipients one Standard
 * child (its start and its one Task counted as two transitions) and one deliver invocation; per
 * recipient the deliver and audience functions' time, and, unless the journey is one send made
 * in the batch, the journey's own Standard execution along its longest path. Per wave, the
 * parent's states, the wave file's PUT and GET and the results file. DynamoDB and delivery are
 * billed on top, as for any journey.
 */
export function broadcastCost(journey: PathCost, inlineSend: boolean): BroadcastCost {
  const a = BROADCAST_ASSUMPTIONS;
  const p = BROADCAST_PRICES;
  const batches = 1000 / BROADCAST_BATCH_SIZE;
  const children = batches * (2 * PRICES.perStateTransition + PRICES.perLambdaRequest);
  const seconds =
    1000 * (a.deliverSecondsPerRecipient * a.deliverGb + a.audienceSecondsPerRecipient * a.audienceGb);
  const per1000 = children + seconds * p.perLambdaGbSecond + (inlineSend ? 0 : journey.pricePer1000);
  const s = BROADCAST_STATES;
  const waveStates = [s.more, s.wave, s.wait, s.deliver, s.next].length;
  // The parent's states (the Map's children apart) once each, but those entered per wave.
  const occurrenceStates = Object.keys(compileBroadcast('cost').States).length - waveStates;
  return {
    journey: inlineSend ? 'in the batch' : 'Standard execution',
    per1000,
    shareOfSes: per1000 / p.sesPer1000Emails,
    perWave: waveStates * PRICES.perStateTransition + 2 * p.perS3Put + p.perS3Get,
    perOccurrence: occurrenceStates * PRICES.perStateTransition + p.perSchedulerInvocation,
  };
}
