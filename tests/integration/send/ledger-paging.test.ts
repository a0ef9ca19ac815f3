import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import { EXPIRES_AT } from '../../../shared/store/expiry.ts';
import { keys } from '../../../shared/store/keys.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.stop());

describe('ledgerOf', () => {
  it('reads every record of a customer whose ledger is larger than one 1 MB query page', async () => {
    // Prepare: 30 records of about 60 KB each, some 1.8 MB in all
    const long = 't'.repeat(60_000);
    const steps = Array.from({ length: 30 }, (_, index) => `step-${String(index).padStart(2, '0')}`);
    for (const [index, step] of steps.entries()) {
      await dynamo.table.documents.send(
        new PutCommand({
          TableName: dynamo.table.name,
          Item: {
            ...keys.ledger('c-long', 'exec-1', step),
            profileId: 'c-long',
            scenario: 'abandoned-cart',
            step,
            execution: 'exec-1',
            channel: 'email',
            template: long,
            category: 'marketing',
            outcome: 'sent',
            at: new Date(Date.UTC(2026, 10, 23, 9, index)).toISOString(),
            [EXPIRES_AT]: 1_900_000_000,
          },
        }),
      );
    }

    // Act
    const ledger = await ledgerOf(dynamo.store, 'c-long');

    // Assess
    expect(ledger.map((record) => record.step)).toEqual(steps);
  });
});
