import type { SagaSuite } from './saga-stack';
import { bssActivation, newIccid } from './activation-requests';
import { waitFor } from './test-infra';

/**
 * Numbers unique across runs: the database outlives the simulator, whose own number pool starts
 * again at each start, and a port-out finds its subscriber by the number alone.
 */
let numberSerial = Math.floor(Math.random() * 1e9);
export const uniqueNumber = (prefix: string) =>
  `${prefix}${String((numberSerial += 1)).padStart(9, '0')}`;

export interface LineRow {
  state: string;
  msisdn: string;
  open_request_id: string | null;
}

export const lineOf = async (suite: SagaSuite, subscriberId: string) =>
  (
    await suite.stack.db.query<LineRow[]>(
      'SELECT state, msisdn, open_request_id FROM subscribers WHERE subscriber_id = $1',
      [subscriberId],
    )
  )[0];

/** A subscriber the BSS activated, once its line is active (its number its own). */
export async function activeSubscriber(
  suite: SagaSuite,
): Promise<{ subscriberId: string; msisdn: string }> {
  const activation = bssActivation(newIccid());
  activation.data.msisdn = uniqueNumber('1628');
  await suite.stack.bss.publishNow([activation]);
  const subscriberId = activation.subject;
  const line = await waitFor(`the line of ${subscriberId}`, async () => {
    const found = await lineOf(suite, subscriberId);
    return found?.state === 'active' ? found : undefined;
  });
  return { subscriberId, msisdn: line.msisdn };
}
