import { luhnCheckDigit } from '@handoff/activation-requests';
import { SUSPENSION_REASONS, type Line, type LineRequestKind, type LineState } from './line';
import { LineRejections as R, type LineRejectionCode } from './line-rejections';
import { decideLineRequest, type LineDecision, type LineRequest } from './line-transitions';

const iccid = (body: string) => `${body}${luhnCheckDigit(body)}`;
const OLD_ICCID = iccid('891004234814455936');
const NEW_ICCID = iccid('891004234814455937');
const MSISDN = '14155550123';
const PORTED = '14155550188';

function lineIn(state: LineState, changes: Partial<Line> = {}): Line {
  return {
    subscriberId: 'sub-1',
    state,
    iccid: OLD_ICCID,
    msisdn: MSISDN,
    imsi: '310260123456789',
    planCode: 'UNL-5G-30',
    suspensionReason: state === 'suspended' ? 'NON_PAYMENT' : null,
    openRequestId: null,
    ...changes,
  };
}

/** The request of each kind that is well-formed and in no conflict with any other line. */
const PLAIN: Record<LineRequestKind, LineRequest> = {
  planChange: {
    requestId: 'r',
    kind: 'planChange',
    planCode: 'BASIC-5G-15',
    planInCatalogue: true,
  },
  suspension: { requestId: 'r', kind: 'suspension', reasonCode: 'NON_PAYMENT' },
  resumption: { requestId: 'r', kind: 'resumption' },
  deactivation: { requestId: 'r', kind: 'deactivation' },
  portIn: { requestId: 'r', kind: 'portIn', msisdn: PORTED, msisdnBoundElsewhere: false },
  simSwap: {
    requestId: 'r',
    kind: 'simSwap',
    oldIccid: OLD_ICCID,
    newIccid: NEW_ICCID,
    newIccidBoundElsewhere: false,
  },
  portOut: { requestId: 'r', kind: 'portOut', msisdn: MSISDN },
};
const KINDS = Object.keys(PLAIN) as LineRequestKind[];
const STATES: LineState[] = ['designed', 'active', 'suspended', 'terminated'];

const rejected = (code: LineRejectionCode) => ({ verdict: 'reject', code });
const ordered = (target: object) => ({ verdict: 'apply', target, placesOrder: true });

/** Every kind in every state, for a line without an open order: the transition table itself. */
const TABLE: Record<LineRequestKind, Record<LineState, object>> = {
  planChange: {
    designed: rejected(R.LineNotActive),
    active: ordered({ state: 'active', planCode: 'BASIC-5G-15' }),
    suspended: rejected(R.LineSuspended),
    terminated: rejected(R.LineTerminated),
  },
  suspension: {
    designed: rejected(R.LineNotActive),
    active: ordered({ state: 'suspended', suspensionReason: 'NON_PAYMENT' }),
    suspended: rejected(R.LineAlreadySuspended),
    terminated: rejected(R.LineTerminated),
  },
  resumption: {
    designed: rejected(R.LineNotActive),
    active: rejected(R.LineNotSuspended),
    suspended: ordered({ state: 'active' }),
    terminated: rejected(R.LineTerminated),
  },
  deactivation: {
    designed: ordered({ state: 'terminated' }),
    active: ordered({ state: 'terminated' }),
    suspended: ordered({ state: 'terminated' }),
    terminated: rejected(R.LineTerminated),
  },
  portIn: {
    designed: rejected(R.LineNotActive),
    active: ordered({ state: 'active', msisdn: PORTED }),
    suspended: rejected(R.LineSuspended),
    terminated: rejected(R.LineTerminated),
  },
  simSwap: {
    designed: rejected(R.LineNotActive),
    active: ordered({ state: 'active', iccid: NEW_ICCID }),
    suspended: rejected(R.LineSuspended),
    terminated: rejected(R.LineTerminated),
  },
  portOut: {
    designed: rejected(R.LineNotActive),
    active: { verdict: 'apply', target: { state: 'terminated' }, placesOrder: false },
    suspended: { verdict: 'apply', target: { state: 'terminated' }, placesOrder: false },
    terminated: rejected(R.LineTerminated),
  },
};

const decide = (request: LineRequest, line: Line | undefined) =>
  decideLineRequest(request, line, undefined);

describe('decideLineRequest: the transition table', () => {
  for (const kind of KINDS) {
    for (const state of STATES) {
      it(`${kind} on a ${state} line: ${JSON.stringify(TABLE[kind][state])}`, () => {
        const expected = TABLE[kind][state];
        const decision = decide(PLAIN[kind], lineIn(state));
        // An allowed transition is checked whole (no stray change); a refusal by its code.
        if (decision.verdict === 'apply') expect(decision).toEqual(expected);
        else expect(decision).toMatchObject(expected);
      });
    }
  }
});

describe('decideLineRequest: before the table', () => {
  it.each(KINDS)('refuses %s for a subscriber without a line', (kind) => {
    expect(decide(PLAIN[kind], undefined)).toMatchObject(rejected(R.LineNotFound));
  });

  it.each(KINDS)(
    'changes nothing for a repeated %s, even on a line that has ended since',
    (kind) => {
      const previous = {
        requestId: 'r',
        subscriberId: 'sub-1',
        kind,
        state: 'completed' as const,
        reasonCode: null,
        mnoOrderId: 'so-1',
      };
      for (const line of [lineIn('active'), lineIn('terminated'), undefined]) {
        expect(decideLineRequest(PLAIN[kind], line, previous)).toEqual({
          verdict: 'repeat',
          previous,
        });
      }
    },
  );

  it.each(KINDS)(
    'makes %s wait behind the open order of a designed, active or suspended line',
    (kind) => {
      for (const state of ['designed', 'active', 'suspended'] as const) {
        const busy = lineIn(state, { openRequestId: 'req-open' });
        expect(decide(PLAIN[kind], busy)).toEqual({ verdict: 'wait', openRequestId: 'req-open' });
      }
    },
  );

  it('refuses a request on a terminated line rather than wait for an order that ends nothing', () => {
    const ended = lineIn('terminated', { openRequestId: 'req-open' });
    expect(decide(PLAIN.resumption, ended)).toMatchObject(rejected(R.LineTerminated));
  });
});

/** Each rejection the table does not show, with the request and line that earn it. */
const SPECIFIC: [string, LineRequest, Line | undefined, LineRejectionCode][] = [
  [
    'a plan change to the plan the line has',
    { ...PLAIN.planChange, planCode: 'UNL-5G-30' } as LineRequest,
    lineIn('active'),
    R.PlanUnchanged,
  ],
  [
    'a plan change to a plan not in the catalogue, whatever the line',
    { ...PLAIN.planChange, planInCatalogue: false } as LineRequest,
    undefined,
    R.PlanUnknown,
  ],
  [
    'a suspension with a reason that is not one of the four',
    { ...PLAIN.suspension, reasonCode: 'NON_PAYMNET' } as LineRequest,
    lineIn('active'),
    R.SuspensionReasonUnknown,
  ],
  [
    'a SIM swap to an ICCID whose check digit is wrong',
    { ...PLAIN.simSwap, newIccid: '8910042348144559370' } as LineRequest,
    lineIn('active'),
    R.IccidInvalid,
  ],
  [
    'a SIM swap naming an old SIM the line does not have',
    { ...PLAIN.simSwap, oldIccid: NEW_ICCID, newIccid: iccid('891004234814455938') } as LineRequest,
    lineIn('active'),
    R.IccidMismatch,
  ],
  [
    'a SIM swap to the SIM the line has',
    { ...PLAIN.simSwap, newIccid: OLD_ICCID } as LineRequest,
    lineIn('active'),
    R.IccidUnchanged,
  ],
  [
    'a SIM swap to an ICCID bound to another line',
    { ...PLAIN.simSwap, newIccidBoundElsewhere: true } as LineRequest,
    lineIn('active'),
    R.IccidBoundElsewhere,
  ],
  [
    'a port-in of a number that is not E.164 digits',
    { ...PLAIN.portIn, msisdn: '+14155550188' } as LineRequest,
    lineIn('active'),
    R.MsisdnInvalid,
  ],
  [
    'a port-in of the number the line has',
    { ...PLAIN.portIn, msisdn: MSISDN } as LineRequest,
    lineIn('active'),
    R.NumberAlreadyOnLine,
  ],
  [
    'a port-in of a number another line has',
    { ...PLAIN.portIn, msisdnBoundElsewhere: true } as LineRequest,
    lineIn('active'),
    R.MsisdnBoundElsewhere,
  ],
  [
    'a port-out notice for a number the line no longer has',
    { ...PLAIN.portOut, msisdn: PORTED } as LineRequest,
    lineIn('active'),
    R.NumberNotOnLine,
  ],
];

describe('decideLineRequest: rejections with a reason of their own', () => {
  it.each(SPECIFIC)('refuses %s', (_what, request, line, code) => {
    const decision = decide(request, line) as Extract<LineDecision, { verdict: 'reject' }>;
    expect(decision).toMatchObject(rejected(code));
    expect(decision.message).not.toContain(OLD_ICCID);
  });

  it('has a test that earns every rejection code', () => {
    const earned = new Set<string>(SPECIFIC.map(([, , , code]) => code));
    for (const row of Object.values(TABLE))
      for (const cell of Object.values(row)) earned.add((cell as { code?: string }).code ?? '');
    earned.add(R.LineNotFound);
    expect(Object.values(R).filter((code) => !earned.has(code))).toEqual([]);
  });
});

describe('decideLineRequest: suspension reasons and lost SIMs', () => {
  it.each(SUSPENSION_REASONS)(
    'suspends an active line for %s and keeps the reason',
    (reasonCode) => {
      expect(decide({ ...PLAIN.suspension, reasonCode } as LineRequest, lineIn('active'))).toEqual(
        ordered({ state: 'suspended', suspensionReason: reasonCode }),
      );
    },
  );

  it('moves a line suspended for a lost SIM to its new SIM and keeps it suspended until resumed', () => {
    const lost = lineIn('suspended', { suspensionReason: 'LOST_SIM' });
    expect(decide(PLAIN.simSwap, lost)).toEqual(
      ordered({ state: 'suspended', iccid: NEW_ICCID, suspensionReason: 'LOST_SIM' }),
    );
  });

  it.each(['FRAUD', 'NON_PAYMENT', null])(
    'refuses a SIM swap on a line suspended for %s',
    (suspensionReason) => {
      const barred = lineIn('suspended', { suspensionReason });
      expect(decide(PLAIN.simSwap, barred)).toMatchObject(rejected(R.LineSuspended));
    },
  );

  it('resumes a line suspended before reasons were kept', () => {
    const old = lineIn('suspended', { suspensionReason: null });
    expect(decide(PLAIN.resumption, old)).toEqual(ordered({ state: 'active' }));
  });
});

describe('decideLineRequest: the SIM inventory on a SIM swap (SIM_INVENTORY_CHECKS=on)', () => {
  const refusedSim = {
    ...PLAIN.simSwap,
    newIccidBoundElsewhere: true,
    newSimRefusal: { code: 'SIM.ALREADY_ACTIVE', message: 'the SIM is already active on a line' },
  } as LineRequest;

  it("refuses with the inventory's reason, owned by fulfilment, before the binding check", () => {
    expect(decide(refusedSim, lineIn('active'))).toEqual({
      verdict: 'reject',
      code: 'SIM.ALREADY_ACTIVE',
      message: 'the SIM is already active on a line',
      owner: 'fulfilment-to-handoff',
    });
  });

  it('refuses it for a line suspended for a lost SIM too', () => {
    const lost = lineIn('suspended', { suspensionReason: 'LOST_SIM' });
    expect(decide(refusedSim, lost)).toMatchObject({ code: 'SIM.ALREADY_ACTIVE' });
  });

  it('leaves a stale or repeated swap to the line rules first', () => {
    const stale = { ...refusedSim, oldIccid: NEW_ICCID } as LineRequest;
    expect(decide(stale, lineIn('active'))).toMatchObject(rejected(R.IccidMismatch));
  });
});
