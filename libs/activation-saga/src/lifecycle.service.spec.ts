import {
  EventTypes,
  type SubscriberResumptionRequested,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import { FakeMnoProvisioning } from '@handoff/mno-provisioning/testing';
import { AwaitingCompletionError, DeferredError } from '@handoff/resilience';
import type { Line, LineTarget, RecordedRequest } from './line/line';
import type { LineRepository, LineRequestIntake, LineRequestRef } from './line/line.repository';
import { LifecycleService, lineOrderKey } from './lifecycle.service';
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
function harness(lines: Line[], mno = new FakeMnoProvisioning({ completeImmediately: true })) {
  for (const { state, iccid, imsi, msisdn, planCode } of lines)
    mno.lines.addLine({ state, iccid, imsi, msisdn, planCode });
  const events: NewEvent[] = [];
  const requests = new Map<string, RecordedRequest>();
  const targets = new Map<string, LineTarget>();
  const key = (ref: LineRequestRef) => `${ref.subscriberId}/${ref.requestId}`;
  const lineOf = (ref: LineRequestRef) => lines.find((l) => l.subscriberId === ref.subscriberId)!;
  const record = (intake: LineRequestIntake, state: RecordedRequest['state'], code?: string) =>
    requests.set(key(intake), { ...intake, state, reasonCode: code ?? null, mnoOrderId: null });
  const settle = (ref: LineRequestRef, state: 'completed' | 'failed') => {
    const request = requests.get(key(ref));
    if (request?.state !== 'inProgress') return false;
    request.state = state;
    lineOf(ref).openRequestId = null;
    return true;
  };
  const repository: Partial<LineRepository> = {
    lock: async (_db, subscriberId, legacyIccid) =>
      lines.find((l) => l.subscriberId === subscriberId) ??
      lines.find((l) => legacyIccid !== undefined && l.iccid === legacyIccid),
    findRequest: async (_db, ref) => requests.get(key(ref)),
    planInCatalogue: async (_db, planCode) => planCode !== 'NO-SUCH-PLAN',
    iccidBoundElsewhere: async () => false,
    reject: async (_db, intake, code) => void record(intake, 'rejected', code),
    open: async (_db, intake, target) => {
      record(intake, 'inProgress');
      targets.set(key(intake), target);
      lineOf(intake).openRequestId = intake.requestId;
    },
    recordOrder: async (_db, ref, orderId) => {
      requests.get(key(ref))!.mnoOrderId = orderId;
    },
    complete: async (_db, ref) => {
      if (!settle(ref, 'completed')) return undefined;
      const target = targets.get(key(ref))!;
      const line = Object.assign(lineOf(ref), target);
      if (target.state !== 'suspended') Object.assign(line, { suspensionReason: null });
      return { ...line };
    },
    fail: async (_db, ref) => settle(ref, 'failed'),
  };
  const committer = {
    commit: async (
      _cause: unknown,
      work: (db: unknown) => Promise<{ result: unknown } & StepOutcome>,
    ) => {
      const outcome = await work({});
      events.push(...(outcome.events ?? []));
      return outcome.result;
    },
    record: async () => undefined,
  } as unknown as SagaCommitter;
  const service = new LifecycleService(
    repository as LineRepository,
    committer,
    mno,
    new SagaLedger('t', () => 'team'),
  );
  return { service, events, requests, mno };
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

const resumption = (eventId = 'e-r'): EventEnvelope<SubscriberResumptionRequested> =>
  ({
    id: eventId,
    correlationId: eventId,
    subject: 'sub-42',
    data: { subjectId: 'sub-42', requestId: 'req-r', subscriberId: 'sub-42', requestedAt: 0 },
  }) as EventEnvelope<SubscriberResumptionRequested>;

describe('LifecycleService: the MNO order', () => {
  it('places one suspend order keyed by subscriber and request id, and changes the line once it completed', async () => {
    const { service, mno, requests } = harness([activeLine()]);
    await service.onSuspensionRequested(suspension({}));
    expect(mno.lines.orders).toHaveLength(1);
    expect(mno.lines.orders[0]).toMatchObject({
      requestId: lineOrderKey({ subscriberId: 'sub-42', requestId: 'req-1' }),
      state: 'completed',
      line: expect.objectContaining({ state: 'suspended' }),
    });
    expect(requests.get('sub-42/req-1')).toMatchObject({ state: 'completed' });
  });

  it('waits for a pending order without spending a retry, and settles it when the MNO has', async () => {
    const mno = new FakeMnoProvisioning();
    const line = activeLine({ state: 'suspended', suspensionReason: 'FRAUD' });
    const { service, events } = harness([line], mno);
    await expect(service.onResumptionRequested(resumption())).rejects.toBeInstanceOf(
      AwaitingCompletionError,
    );
    expect(line).toMatchObject({ state: 'suspended', openRequestId: 'req-r' });
    mno.lines.settle(mno.lines.orders[0].orderId);
    await service.onResumptionRequested(resumption(), 2);
    expect(mno.lines.orders).toHaveLength(1);
    expect(line).toMatchObject({ state: 'active', suspensionReason: null, openRequestId: null });
    expect(events.map((e) => e.type)).toEqual([EventTypes.SubscriberResumed]);
  });

  it('answers the MNO refusing the order with LifecycleRequestRejected and leaves the line as it was', async () => {
    const mno = new FakeMnoProvisioning();
    const line = activeLine({ state: 'suspended', suspensionReason: 'FRAUD' });
    const { service, events } = harness([line], mno);
    await expect(service.onResumptionRequested(resumption())).rejects.toMatchObject({
      code: 'MNO.ORDER_PENDING',
    });
    mno.lines.fail(mno.lines.orders[0].orderId, 'LINE_TERMINATED');
    await service.onResumptionRequested(resumption(), 2);
    expect(line).toMatchObject({ state: 'suspended', openRequestId: null });
    expect(events).toEqual([
      expect.objectContaining({
        type: EventTypes.LifecycleRequestRejected,
        data: expect.objectContaining({
          requestKind: 'resumption',
          reason: expect.objectContaining({ code: 'MNO.LINE_TERMINATED' }),
        }),
      }),
    ]);
  });

  it('holds the request without ordering while the MNO breaker is open', async () => {
    const { service, mno } = harness([activeLine()]);
    mno.setBreakerOpen(true);
    await expect(service.onSuspensionRequested(suspension({}))).rejects.toMatchObject({
      code: 'MNO.BREAKER_OPEN',
    });
    expect(mno.lines.orders).toEqual([]);
    mno.setBreakerOpen(false);
    await service.onSuspensionRequested(suspension({}), 2);
    expect(mno.lines.orders).toHaveLength(1);
  });
});
