import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Profile } from '../../shared/profiles/profile.ts';
import { keys } from '../../shared/store/keys.ts';
import { startDynalite } from '../../tests/helpers/dynalite.ts';
import { type Measurement, measurement, timed } from '../measure.ts';
import { countClientOperations, countHttpOperations } from './dynamo-ops.ts';

/** Writes then reads per timed run: a few seconds of work, enough for a stable rate. */
export const OPERATIONS_PER_KIND = 2_000;
const WARM_UP_PER_KIND = 200;

/**
 * Baseline B: GetItem and PutItem one at a time (the simulation runs one step at a time) through
 * the same client stack the platform uses (DocumentClient over DynamoDBClient over HTTP on
 * loopback) against a fresh in-memory dynalite holding the Parcours table. Items are profiles,
 * read consistently, as updateProfile reads and writes them.
 */
export function dynaliteMeasurement(profile: Profile): Measurement {
  return measurement({
    label: `dynalite, ${OPERATIONS_PER_KIND} PutItem + ${OPERATIONS_PER_KIND} GetItem`,
    warmUp: () => putThenGet(profile, WARM_UP_PER_KIND),
    run: () => putThenGet(profile, OPERATIONS_PER_KIND),
  });
}

async function putThenGet(profile: Profile, count: number) {
  // A fresh server per run, so every run writes into the same empty table.
  const dynamo = await startDynalite('parcours-bench');
  const viaMiddleware = countClientOperations(dynamo.client);
  const viaHttp = countHttpOperations();
  try {
    const { documents, name } = dynamo.table;
    const ids = Array.from({ length: count }, (_, index) => `${profile.profileId}-${index}`);
    const put = await timed(async () => {
      for (const profileId of ids)
        await documents.send(
          new PutCommand({
            TableName: name,
            Item: { ...profile, profileId, ...keys.profile(profileId), version: 1 },
          }),
        );
    });
    const get = await timed(async () => {
      for (const profileId of ids)
        await documents.send(
          new GetCommand({ TableName: name, Key: keys.profile(profileId), ConsistentRead: true }),
        );
    });
    // The two counters must agree here, where both can see the client: that is what makes the
    // HTTP count trustworthy in simulate, where only it can.
    if (viaMiddleware.total() !== viaHttp.total() || viaHttp.total() !== 2 * count)
      throw new Error(
        `operation counters disagree: middleware ${viaMiddleware.total()}, HTTP ${viaHttp.total()}, expected ${2 * count}`,
      );
    return {
      units: 2 * count,
      seconds: put.seconds + get.seconds,
      figures: { putPerSecond: count / put.seconds, getPerSecond: count / get.seconds },
    };
  } finally {
    viaMiddleware.stop();
    viaHttp.stop();
    await dynamo.stop();
  }
}
