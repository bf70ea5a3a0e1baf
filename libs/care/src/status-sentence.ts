/** Why an activation waits, as the diagnostic view worked it out. */
export interface HoldFacts {
  /** `MNO provisioning`, or the hold's own reason when it is not a vendor being down. */
  what: string;
  /** True when the hold is a vendor being down (an MNO outage), not a missing configuration. */
  vendorDown: boolean;
  ownerTeam: string;
  /** When the vendor's open incident started; undefined when none is open yet. */
  downSince: Date | undefined;
  heldSince: Date;
  /** Who the incident was last escalated to; undefined when no one was paged yet. */
  escalatedTo: string | undefined;
}

export interface StatusFacts {
  activation?: {
    state: string;
    step: string;
    reasonCode: string | null;
    ownerTeam: string | null;
    since: Date;
  };
  hold?: HoldFacts;
  deadLetter?: { ownerTeam: string; since: Date };
  jeopardy?: { operation: string; ownerTeam: string; dueAt: Date };
  openRequest?: { kind: string; since: Date };
  line?: { state: string; suspensionReason: string | null };
  /** The line's state at the MNO, when it was read. */
  mnoState?: string;
}

/** `10:42 UTC`: care reads it to a caller, so the time of day is enough and the zone is named. */
export const clockTime = (at: Date): string => `${at.toISOString().slice(11, 16)} UTC`;

function holdSentence(h: HoldFacts): string {
  const escalation = h.escalatedTo ? `escalated to ${h.escalatedTo}` : 'not escalated yet';
  const why = !h.vendorDown
    ? `${h.what}, held since ${clockTime(h.heldSince)}`
    : h.downSince
      ? `${h.what} down since ${clockTime(h.downSince)}`
      : `${h.what} unavailable, held since ${clockTime(h.heldSince)}`;
  return `Activation held: ${why}, owner ${h.ownerTeam}, ${escalation}`;
}

const OPEN_STATES = new Set(['acknowledged', 'inProgress']);

function activationSentence(
  a: NonNullable<StatusFacts['activation']>,
  facts: StatusFacts,
): string | undefined {
  if (a.state === 'held' && facts.hold) return holdSentence(facts.hold);
  if (facts.deadLetter && a.state !== 'completed') {
    return `Activation stopped at ${a.step} and waits for a person since ${clockTime(facts.deadLetter.since)}, owner ${facts.deadLetter.ownerTeam}`;
  }
  if (OPEN_STATES.has(a.state)) {
    const late = facts.jeopardy
      ? `, past its SLA (due ${clockTime(facts.jeopardy.dueAt)}), owner ${facts.jeopardy.ownerTeam}`
      : '';
    return `Activation in progress at ${a.step} since ${clockTime(a.since)}${late}`;
  }
  if (a.state === 'failed' || a.state === 'rejected') {
    const owner = a.ownerTeam ? `, owner ${a.ownerTeam}` : '';
    return `Activation ${a.state}: ${a.reasonCode ?? 'no reason given'}${owner}`;
  }
  return undefined;
}

function lineSentence(facts: StatusFacts, line: NonNullable<StatusFacts['line']>): string {
  if (facts.openRequest) {
    const late = facts.jeopardy ? `, past its SLA, owner ${facts.jeopardy.ownerTeam}` : '';
    return `${facts.openRequest.kind} in progress at the MNO since ${clockTime(facts.openRequest.since)}${late}`;
  }
  const reason = line.suspensionReason ? ` (${line.suspensionReason})` : '';
  if (facts.mnoState && facts.mnoState !== line.state) {
    return `Line ${line.state}${reason} in Handoff but ${facts.mnoState} at the MNO, owner Network Operations`;
  }
  return `Line ${line.state}${reason}, nothing open`;
}

/**
 * The one sentence care reads first: what is wrong (or that nothing is), since when, whose it is
 * and whether anyone was paged. An activation under way or held comes first, and any activation
 * when there is no line yet; otherwise the line and any request open on it.
 */
export function statusSentence(facts: StatusFacts): string {
  const a = facts.activation;
  const unfinished = a !== undefined && (OPEN_STATES.has(a.state) || a.state === 'held');
  if (a && (unfinished || !facts.line)) {
    const sentence = activationSentence(a, facts);
    if (sentence) return sentence;
  }
  if (facts.line) return lineSentence(facts, facts.line);
  return 'Known to Handoff, with no line and no activation under way';
}
