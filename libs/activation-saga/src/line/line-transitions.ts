import { iccidProblem } from '@handoff/activation-requests';
import {
  FULFILMENT_INTEGRATION_POINT,
  type SimRefusal,
  type SimRefusalCode,
} from '@handoff/sim-inventory';
import {
  isSuspensionReason,
  type Line,
  type LineRequestKind,
  type LineTarget,
  type RecordedRequest,
  type SuspensionReason,
} from './line';
import { LineRejections as R, type LineRejectionCode } from './line-rejections';

/** A request on a line, with what the caller looked up about it (the module does no I/O). */
export type LineRequest = { requestId: string } & (
  | { kind: 'planChange'; planCode: string; planInCatalogue: boolean }
  | { kind: 'suspension'; reasonCode: string }
  | { kind: 'resumption' }
  | { kind: 'deactivation' }
  | { kind: 'portIn'; msisdn: string; msisdnBoundElsewhere: boolean }
  | {
      kind: 'simSwap';
      oldIccid: string;
      newIccid: string;
      newIccidBoundElsewhere: boolean;
      /** Why the SIM inventory refuses the new SIM; absent when it does not (or does not check). */
      newSimRefusal?: SimRefusal;
    }
  | { kind: 'portOut'; msisdn: string }
);

export type LineDecision =
  /** Allowed: `placesOrder` says whether the MNO must act before `target` holds (port-out: it did). */
  | { verdict: 'apply'; target: LineTarget; placesOrder: boolean }
  | {
      verdict: 'reject';
      code: LineRejectionCode | SimRefusalCode;
      message: string;
      /** The integration point that owns the refusal, when not the requester's (a SIM: fulfilment). */
      owner?: string;
    }
  /** The line has an open order: try again once it settles, without spending a retry. */
  | { verdict: 'wait'; openRequestId: string }
  /** This request id was seen: nothing changes, whatever this copy says. */
  | { verdict: 'repeat'; previous: RecordedRequest };

const MSISDN = /^[1-9]\d{7,14}$/;
const reject = (code: LineRejectionCode, message: string): LineDecision => ({
  verdict: 'reject',
  code,
  message,
});
const order = (target: LineTarget): LineDecision => ({
  verdict: 'apply',
  target,
  placesOrder: true,
});

/**
 * Whether `request` may change `line` (undefined: the subscriber has none), and into what. Checked
 * in this order: a request id seen before; what the request says on its own; the line's existence
 * and end; an open order on it; then the rule of the request's kind for the line's state.
 */
export function decideLineRequest(
  request: LineRequest,
  line: Line | undefined,
  previous: RecordedRequest | undefined,
): LineDecision {
  if (previous) return { verdict: 'repeat', previous };
  const malformed = requestProblem(request);
  if (malformed) return malformed;
  if (!line) return reject(R.LineNotFound, 'the subscriber has no line');
  if (line.state === 'terminated')
    return reject(R.LineTerminated, 'the line is terminated and takes no further request');
  if (line.openRequestId !== null) return { verdict: 'wait', openRequestId: line.openRequestId };
  if (line.state === 'designed' && request.kind !== 'deactivation')
    return reject(R.LineNotActive, 'the line is not on the network yet');
  return ruleFor(request, line);
}

/** What is wrong with the request whatever the line: a typo never reaches a line or the MNO. */
function requestProblem(request: LineRequest): LineDecision | undefined {
  if (request.kind === 'suspension' && !isSuspensionReason(request.reasonCode))
    return reject(R.SuspensionReasonUnknown, `unknown suspension reason ${request.reasonCode}`);
  if (request.kind === 'planChange' && !request.planInCatalogue)
    return reject(R.PlanUnknown, `plan ${request.planCode} is not in the catalogue`);
  if (request.kind === 'simSwap') {
    const problem = iccidProblem(request.newIccid);
    if (problem) return reject(R.IccidInvalid, `the new ICCID ${problem}`);
  }
  if (request.kind === 'portIn' && !MSISDN.test(request.msisdn))
    return reject(R.MsisdnInvalid, 'the number must be 8 to 15 E.164 digits without the plus');
  return undefined;
}

const needsActive = (line: Line): LineDecision | undefined =>
  line.state === 'suspended'
    ? reject(R.LineSuspended, 'the line is suspended: resume it first')
    : undefined;

type Of<K extends LineRequestKind> = Extract<LineRequest, { kind: K }>;

/** The rule of each kind, for a line that exists, is not terminated and has no open order. */
function ruleFor(request: LineRequest, line: Line): LineDecision {
  switch (request.kind) {
    case 'planChange':
      return planChange(request, line);
    case 'suspension':
      return line.state === 'suspended'
        ? reject(R.LineAlreadySuspended, `the line is already suspended (${reasonOf(line)})`)
        : // requestProblem has refused any other code
          order({ state: 'suspended', suspensionReason: request.reasonCode as SuspensionReason });
    case 'resumption':
      return line.state === 'suspended'
        ? order({ state: 'active' })
        : reject(
            R.LineNotSuspended,
            `only a suspended line can be resumed; this one is ${line.state}`,
          );
    case 'deactivation':
      return order({ state: 'terminated' });
    case 'portIn':
      return portIn(request, line);
    case 'simSwap':
      return simSwap(request, line);
    case 'portOut':
      return request.msisdn === line.msisdn
        ? { verdict: 'apply', target: { state: 'terminated' }, placesOrder: false }
        : reject(R.NumberNotOnLine, 'the line no longer has the number that left');
  }
}

function planChange(request: Of<'planChange'>, line: Line): LineDecision {
  if (request.planCode === line.planCode)
    return reject(R.PlanUnchanged, `the line is already on ${request.planCode}`);
  return needsActive(line) ?? order({ state: 'active', planCode: request.planCode });
}

function portIn(request: Of<'portIn'>, line: Line): LineDecision {
  if (request.msisdn === line.msisdn)
    return reject(R.NumberAlreadyOnLine, 'the line already has this number');
  if (request.msisdnBoundElsewhere)
    return reject(R.MsisdnBoundElsewhere, 'another line has or is porting in this number');
  return needsActive(line) ?? order({ state: 'active', msisdn: request.msisdn });
}

function simSwap(request: Of<'simSwap'>, line: Line): LineDecision {
  if (request.oldIccid !== line.iccid)
    return reject(R.IccidMismatch, 'the old ICCID is not the SIM the line has');
  if (request.newIccid === line.iccid)
    return reject(R.IccidUnchanged, 'the line already has this SIM');
  // Before the binding check, as at activation: a SIM active elsewhere is fulfilment's finding.
  if (request.newSimRefusal)
    return { verdict: 'reject', ...request.newSimRefusal, owner: FULFILMENT_INTEGRATION_POINT };
  if (request.newIccidBoundElsewhere)
    return reject(R.IccidBoundElsewhere, 'the new ICCID is bound to another line');
  if (line.state === 'active') return order({ state: 'active', iccid: request.newIccid });
  // A line barred because its SIM was lost moves to the new SIM before it is resumed, and stays
  // barred for that reason; one barred for non-payment or fraud does not (a SIM swap on a barred
  // line is a classic fraud).
  if (line.suspensionReason === 'LOST_SIM')
    return order({ state: 'suspended', iccid: request.newIccid, suspensionReason: 'LOST_SIM' });
  return reject(R.LineSuspended, `the line is suspended (${reasonOf(line)}): resume it first`);
}

function reasonOf(line: Line): string {
  return line.suspensionReason ?? 'reason not recorded';
}
