import { maskIccid, maskMsisdn } from '@handoff/observability';
import type { LineChange, LineState, MnoLine, Refusal } from './line.types';

/** The states each change may start from; anything else is refused by the network. */
const ALLOWED_FROM: Record<LineChange['kind'], readonly LineState[]> = {
  planChange: ['active', 'suspended'],
  suspend: ['active'],
  resume: ['suspended'],
  simSwap: ['active', 'suspended'],
  portIn: ['active'],
  deactivate: ['designed', 'active', 'suspended'],
};

/** What the rules need to know about the rest of the network. */
export interface OtherLines {
  /** The live (not terminated) line holding this ICCID, if any. */
  holdingIccid(iccid: string): MnoLine | undefined;
  /** The live line holding this MSISDN, if any. */
  holdingMsisdn(msisdn: string): MnoLine | undefined;
}

const refusal = (code: string, reason: string, message: string): Refusal => ({
  code,
  reason,
  message,
});

export const LINE_NOT_FOUND = refusal(
  'LINE_NOT_FOUND',
  'No such line',
  'the network has no such line',
);

/**
 * Why the network refuses `change` on `line`, or undefined when it may be applied. The codes are
 * the contract with the adapter, which classifies them as business rejections.
 */
export function refusalOf(
  line: MnoLine,
  change: LineChange,
  others: OtherLines,
): Refusal | undefined {
  if (line.state === 'terminated') {
    return refusal('LINE_TERMINATED', 'Line terminated', `line ${line.id} is terminated`);
  }
  if (!ALLOWED_FROM[change.kind].includes(line.state)) {
    return stateRefusal(line, change);
  }
  if (change.kind === 'simSwap') return simSwapRefusal(line, change.newIccid, others);
  if (change.kind === 'portIn') {
    const holder = others.holdingMsisdn(change.msisdn);
    if (holder && holder.id !== line.id) {
      const number = maskMsisdn(change.msisdn);
      return refusal('MSISDN_IN_USE', 'Number in use', `${number} is already live on a line`);
    }
  }
  return undefined;
}

function stateRefusal(line: MnoLine, change: LineChange): Refusal {
  if (change.kind === 'resume') {
    return refusal('LINE_NOT_SUSPENDED', 'Line not suspended', `line ${line.id} is ${line.state}`);
  }
  return refusal(
    'LINE_NOT_ACTIVE',
    'Line not active',
    `line ${line.id} is ${line.state}: ${change.kind} needs ${ALLOWED_FROM[change.kind].join(' or ')}`,
  );
}

function simSwapRefusal(line: MnoLine, newIccid: string, others: OtherLines) {
  const holder = others.holdingIccid(newIccid);
  if (!holder) return undefined;
  const sim = maskIccid(newIccid);
  const where = holder.id === line.id ? 'this line already uses it' : 'it is bound to another line';
  return refusal('ICCID_IN_USE', 'SIM in use', `SIM ${sim} cannot be swapped in: ${where}`);
}
