import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  type LifecycleRequestRejected,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import {
  bssActivation,
  bssSubscriberId,
  bssSuspension,
  newIccid,
} from '../../support/activation-requests';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

/** The same request in a new event, as a BSS that lost its acknowledgement sends it again. */
const resent = <T>(event: NewEvent<T>): NewEvent<T> => ({ ...event, id: randomUUID() });

describe('suspension requests on the line model (real Kafka, PostgreSQL, HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);

  const rejectionOf = (requestId: string) =>
    waitFor(`LifecycleRequestRejected of ${requestId}`, () =>
      suite.lifecycle
        .eventsOfType(EventTypes.LifecycleRequestRejected)
        .find((e) => (e.data as LifecycleRequestRejected).requestId === requestId),
    );

  it('suspends once for a request id sent twice, and answers a later suspension of the suspended line with LifecycleRequestRejected', async () => {
    const iccid = newIccid();
    const activation = bssActivation(iccid);
    const subscriberId = activation.subject;
    const first = bssSuspension(subscriberId, iccid);
    const fraud: NewEvent<SubscriberSuspensionRequested> = bssSuspension(subscriberId, iccid);
    fraud.data.reasonCode = 'FRAUD';

    await suite.stack.bss.publishNow([activation, first, resent(first), fraud]);

    // Keyed alike, so handled in this order: once the last is answered, the repeat was handled.
    const rejected = await rejectionOf(fraud.data.requestId);
    expect(rejected).toMatchObject({
      subject: subscriberId,
      data: {
        subscriberId,
        requestKind: 'suspension',
        reason: { code: 'LIFECYCLE.LINE_ALREADY_SUSPENDED' },
        lineState: 'suspended',
      },
    });
    const suspended = suite.lifecycle
      .eventsKeyed(subscriberId)
      .filter((e) => e.type === EventTypes.SubscriberSuspended);
    expect(suspended.map((e) => (e.data as { requestId: string }).requestId)).toEqual([
      first.data.requestId,
    ]);
    const [line] = await suite.stack.db.query<{ state: string; suspension_reason: string }[]>(
      'SELECT state, suspension_reason FROM subscribers WHERE subscriber_id = $1',
      [subscriberId],
    );
    expect(line).toEqual({ state: 'suspended', suspension_reason: 'NON_PAYMENT' });
    const requests = await suite.stack.db.query<{ request_id: string; state: string }[]>(
      'SELECT request_id, state FROM line_requests WHERE subscriber_id = $1 ORDER BY created_at',
      [subscriberId],
    );
    expect(requests).toEqual([
      { request_id: first.data.requestId, state: 'completed' },
      { request_id: fraud.data.requestId, state: 'rejected' },
    ]);
  });

  it('answers a suspension of a subscriber without a line with LifecycleRequestRejected, not a dead letter', async () => {
    const subscriberId = bssSubscriberId();
    const request = bssSuspension(subscriberId, newIccid());

    await suite.stack.bss.publishNow([request]);

    expect(await rejectionOf(request.data.requestId)).toMatchObject({
      subject: subscriberId,
      data: { reason: { code: 'LIFECYCLE.LINE_NOT_FOUND' }, lineState: null },
    });
  });
});
