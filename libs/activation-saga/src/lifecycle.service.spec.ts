import { EventTypes, type SubscriberSuspensionRequested } from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import { DeferredError } from '@handoff/resilience';
import type { Line, LineTarget, RecordedRequest } from './line/line';
import type { LineRepository, LineRequestIntake } from './line/line.repository';
import { LifecycleService } from './lifecycle.service';
import type { SagaCommitter, StepOutcome } from './saga-commit';
import { SagaLedger } from './saga-ledger';

const ICCID = '8910042348144559361';

function suspension(data: Partial<SubscriberSuspensionRequested>, eventId = 'e-1') {
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
    id: eventId,
    correlationId: eventId,
    subject: request.subjectId,
    data: request,
  } as EventEnvelope<SubscriberSuspensionRequested>;
}

/** The lines and the request ids in memory, found the way the repository finds them. */
function harness(lines: Line[]) {
  const events: NewEvent[] = [];
  const requests = new Map<string, RecordedRequest>();
  const record = (intake: LineRequestIntake, state: RecordedRequest['state'], code?: string) =>
    requests.set(`${intake.subscriberId}/${intake.requestId}`, {
      ...intake,
      state,
      reasonCode: code ?? null,
      mnoOrderId: null,
    });
  const repository: Partial<LineRepository> = {
    lock: async (_db, subscriberId, legacyIccid) =>
      lines.find((l) => l.subscriberId === subscriberId) ??
      lines.find((l) => legacyIccid !== undefined && l.iccid === legacyIccid),
    findRequest: async (_db, ref) => requests.get(`${ref.subscriberId}/${ref.requestId}`),
    reject: async (_db, intake, code) => void record(intake, 'rejected', code),
    applyNow: async (_db, intake, target: LineTarget) => {
      record(intake, 'completed');
      const line = lines.find((l) => l.subscriberId === intake.subscriberId)!;
      return Object.assign(line, target);
    },
  };
  const committer = {
    commit: async (_cause: unknown, work: (db: unknown) => Promise<StepOutcome>) => {
      const outcome = await work({});
      events.push(...(outcome.events ?? []));
    },
  } as unknown as SagaCommitter;
  const service = new LifecycleService(
    repository as LineRepository,
    committer,
    new SagaLedger('t', () => 'team'),
  );
  return { service, events, requests };
}

const activeLine = (changes: Partial<Line> = {}): Line => ({
  subscriberId: 'sub-42',
  state: 'active',
  iccid: ICCID,
  msisdn: '14155550123',
  imsi: '310260123456789',
  planCode: 'UNL-5G-30',
  suspensionReason: null,
  openRequestId: null,
  ...changes,
});

const rejection = (subject: string, code: string): unknown =>
  expect.objectContaining({
    type: EventTypes.LifecycleRequestRejected,
    subject,
    data: expect.objectContaining({
      requestKind: 'suspension',
      reason: expect.objectContaining({ code }),
    }),
  });

describe('LifecycleService.onSuspensionRequested', () => {
  it('suspends the line of the subscriber id, keeps the reason and announces it keyed by that id', async () => {
    const line = activeLine();
    const { service, events } = harness([line]);
    await service.onSuspensionRequested(suspension({}));
    expect(line).toMatchObject({ state: 'suspended', suspensionReason: 'NON_PAYMENT' });
    expect(events).toEqual([
      expect.objectContaining({
        type: EventTypes.SubscriberSuspended,
        subject: 'sub-42',
        data: expect.objectContaining({ subjectId: 'sub-42', subscriberId: 'sub-42' }),
      }),
    ]);
  });

  it('finds the subscriber by the key when the request leaves subscriberId empty', async () => {
    const line = activeLine();
    const { service } = harness([line]);
    await service.onSuspensionRequested(suspension({ subscriberId: null }));
    expect(line.state).toBe('suspended');
  });

  it('refuses an unknown subscriber id and never suspends the line holding the ICCID', async () => {
    const line = activeLine();
    const { service, events } = harness([line]);
    await service.onSuspensionRequested(suspension({ subjectId: 'sub-other', subscriberId: null }));
    expect(line.state).toBe('active');
    expect(events).toEqual([rejection('sub-other', 'LIFECYCLE.LINE_NOT_FOUND')]);
  });

  it('still finds the line of a request keyed by ICCID before the re-keying', async () => {
    const { service, events } = harness([activeLine()]);
    await service.onSuspensionRequested(suspension({ subjectId: ICCID, subscriberId: null }));
    expect(events[0]).toMatchObject({ subject: 'sub-42' });
  });

  it('publishes LifecycleRequestRejected when the line is already suspended', async () => {
    const line = activeLine({ state: 'suspended', suspensionReason: 'FRAUD' });
    const { service, events } = harness([line]);
    await service.onSuspensionRequested(suspension({}));
    expect(line.suspensionReason).toBe('FRAUD');
    expect(events).toEqual([rejection('sub-42', 'LIFECYCLE.LINE_ALREADY_SUSPENDED')]);
  });

  it('refuses a reason that is not one of the four, leaving the line active', async () => {
    const line = activeLine();
    const { service, events } = harness([line]);
    await service.onSuspensionRequested(suspension({ reasonCode: 'DEBT' }));
    expect(line.state).toBe('active');
    expect(events).toEqual([rejection('sub-42', 'LIFECYCLE.SUSPENSION_REASON_UNKNOWN')]);
  });

  it('changes nothing and announces nothing for a request id repeated under a new event id', async () => {
    const line = activeLine();
    const { service, events } = harness([line]);
    await service.onSuspensionRequested(suspension({}, 'e-1'));
    line.state = 'active'; // resumed meanwhile: a replayed suspend must not bar it again
    line.suspensionReason = null;
    await service.onSuspensionRequested(suspension({}, 'e-2'));
    expect(line.state).toBe('active');
    expect(events.map((e) => e.type)).toEqual([EventTypes.SubscriberSuspended]);
  });

  it('waits without spending a retry while the line has an MNO order open', async () => {
    const { service, events } = harness([activeLine({ openRequestId: 'req-open' })]);
    await expect(service.onSuspensionRequested(suspension({}))).rejects.toBeInstanceOf(
      DeferredError,
    );
    expect(events).toEqual([]);
  });
});
