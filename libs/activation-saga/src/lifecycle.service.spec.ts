import { EventTypes, type SubscriberSuspensionRequested } from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import type { ActivationRepository, SubscriberLine } from './activation.repository';
import { LifecycleService } from './lifecycle.service';
import type { SagaCommitter, StepOutcome } from './saga-commit';
import { SagaLedger } from './saga-ledger';

const ICCID = '8910042348144559361';

function suspension(data: Partial<SubscriberSuspensionRequested>) {
  const request: SubscriberSuspensionRequested = {
    subjectId: 'sub-42',
    requestId: 'req-1',
    subscriberId: 'sub-42',
    iccid: ICCID,
    reasonCode: 'NON_PAYMENT',
    requestedAt: 0,
    paymentId: null,
    ...data,
  };
  return {
    id: 'e-1',
    correlationId: 'e-1',
    subject: request.subjectId,
    data: request,
  } as EventEnvelope<SubscriberSuspensionRequested>;
}

/** The subscribers table in memory, found the way the repository finds lines. */
function harness(lines: SubscriberLine[]) {
  const events: NewEvent[] = [];
  const suspended: string[] = [];
  const repository = {
    subscriberLine: async (_db: unknown, subscriberId: string, legacyIccid?: string) =>
      lines.find((l) => l.subscriberId === subscriberId) ??
      lines.find((l) => legacyIccid !== undefined && l.iccid === legacyIccid),
    setSubscriberStatus: async (_db: unknown, id: string) => void suspended.push(id),
  } as unknown as ActivationRepository;
  const committer = {
    commit: async (_cause: unknown, work: (db: unknown) => Promise<StepOutcome>) => {
      const outcome = await work({});
      events.push(...(outcome.events ?? []));
    },
  } as unknown as SagaCommitter;
  const service = new LifecycleService(repository, committer, new SagaLedger('t', () => 'team'));
  return { service, events, suspended };
}

describe('LifecycleService.onSuspensionRequested', () => {
  const line = { subscriberId: 'sub-42', iccid: ICCID, status: 'active' };

  it('suspends the line of the subscriber id and announces it keyed by that id', async () => {
    const { service, events, suspended } = harness([line]);
    await service.onSuspensionRequested(suspension({}));
    expect(suspended).toEqual(['sub-42']);
    expect(events).toEqual([
      expect.objectContaining({
        type: EventTypes.SubscriberSuspended,
        subject: 'sub-42',
        data: expect.objectContaining({ subjectId: 'sub-42', subscriberId: 'sub-42' }),
      }),
    ]);
  });

  it('finds the subscriber by the key when the request leaves subscriberId empty', async () => {
    const { service, suspended } = harness([line]);
    await service.onSuspensionRequested(suspension({ subscriberId: null }));
    expect(suspended).toEqual(['sub-42']);
  });

  it('never suspends the line holding the ICCID for an unknown subscriber id', async () => {
    const { service, events, suspended } = harness([line]);
    await service.onSuspensionRequested(suspension({ subjectId: 'sub-other', subscriberId: null }));
    expect(suspended).toEqual([]);
    expect(events).toEqual([]);
  });

  it('still finds the line of a request keyed by ICCID before the re-keying', async () => {
    const { service, events } = harness([line]);
    await service.onSuspensionRequested(suspension({ subjectId: ICCID, subscriberId: null }));
    expect(events[0]).toMatchObject({ subject: 'sub-42' });
  });
});
