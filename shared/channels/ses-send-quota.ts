import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * The account's SES maximum send rate, messages a second, as GetAccount reports it: the sandbox's
 * 1, a production account's 14 and up. Read at each broadcast, so a raised quota is used at once.
 */
export function sesMaxSendRate(client: SESv2Client): () => Promise<number> {
  return async () => {
    const account = await client.send(new GetAccountCommand({}));
    const rate = account.SendQuota?.MaxSendRate;
    if (rate === undefined || !Number.isFinite(rate) || rate <= 0)
      throw new Error(`SES GetAccount reported no usable MaxSendRate (${String(rate)})`);
    return rate;
  };
}
