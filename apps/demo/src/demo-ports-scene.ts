import { randomInt, randomUUID } from 'node:crypto';
import {
  EventTypes,
  type PortInCompleted,
  type PortInRejected,
  type PortInRequested,
  type SubscriberPortedOut,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { call, type DemoContext, type PortsOutcome } from './demo-context';
import { waitUntil } from './demo-watch';

/*
 * Numbers that move between operators: the BSS ports a customer's number in from another operator
 * (the donor answers after a while: Handoff says it is pending, waits without spending retries,
 * then completes), a port-in with the wrong PIN is refused by the donor (a reason the dealer can
 * act on), and the MNO tells Handoff, through its signed hub callback, that a number has been
 * ported away: the line ends and the BSS hears it.
 */

/** How long the donor operator takes to answer a port-in (the MNO simulator's setting). */
const DONOR_ANSWERS_AFTER_MS = 3_000;
const DONOR = 'DonorTel';

interface Line {
  subscriberId: string;
  msisdn: string;
}

/**
 * Active lines with a number no other live line holds (a port-out notice names only the number),
 * none busy, none billed by scene 9 (whose checks read them).
 */
async function freeLines(ctx: DemoContext, count: number): Promise<Line[]> {
  const rows = await ctx.db.query<{ subscriber_id: string; msisdn: string }[]>(
    `SELECT DISTINCT s.subscriber_id, s.msisdn FROM activations a
       JOIN subscribers s ON s.subscriber_id = a.subscriber_id
      WHERE a.activation_id = ANY($1) AND a.state = 'completed' AND s.state = 'active'
        AND s.open_request_id IS NULL AND s.msisdn IS NOT NULL AND NOT s.subscriber_id = ANY($2)
        AND NOT EXISTS (SELECT 1 FROM subscribers o WHERE o.msisdn = s.msisdn
                         AND o.subscriber_id <> s.subscriber_id AND o.state <> 'terminated')
      ORDER BY s.subscriber_id LIMIT $3`,
    [ctx.tracked.map((t) => t.activationId), ctx.payments?.lines ?? [], count],
  );
  if (rows.length < count) throw new Error(`ports: only ${rows.length} free active lines`);
  return rows.map((r) => ({ subscriberId: r.subscriber_id, msisdn: r.msisdn }));
}

/**
 * Numbers the donor holds, new on each run: the demo's database outlives the simulator, and a number
 * a line of an earlier run holds would be refused as in use.
 */
function donorNumbers(): [string, string] {
  const base = `1415${String(randomInt(1e6)).padStart(6, '0')}`;
  return [`${base}0`, `${base}1`];
}

function portIn(line: Line, msisdn: string, pin: string): NewEvent<PortInRequested> {
  return {
    id: randomUUID(),
    type: EventTypes.PortInRequested,
    subject: line.subscriberId,
    data: {
      subjectId: line.subscriberId,
      requestId: `req-${randomUUID()}`,
      subscriberId: line.subscriberId,
      msisdn,
      portIn: { donorOperator: DONOR, accountNumber: 'ACC-7788', pin, secretsRef: null },
      requestedAt: Date.now(),
    },
  };
}

/** The lifecycle answers the BSS heard for a subscriber, once one of them is of `type`. */
async function answered<T>(ctx: DemoContext, subscriberId: string, type: string): Promise<T> {
  const answer = await waitUntil(
    () => ctx.inbox.answersTo(subscriberId).find((a) => a.type === type),
    () => `ports: ${subscriberId} never heard ${type}`,
  );
  return answer.data as T;
}

/** What the BSS heard in answer to one request, in order: `PortInPending -> PortInCompleted`. */
const answersOf = (ctx: DemoContext, request: PortInRequested) =>
  ctx.inbox
    .answersTo(request.subscriberId)
    .filter((a) => a.requestId === request.requestId)
    .map((a) => a.type.split('.').at(-1))
    .join(' -> ');

async function lineState(ctx: DemoContext, subscriberId: string) {
  const [row] = await ctx.db.query<{ state: string; msisdn: string | null }[]>(
    'SELECT state, msisdn FROM subscribers WHERE subscriber_id = $1',
    [subscriberId],
  );
  return row;
}

export async function portsScene(ctx: DemoContext): Promise<void> {
  ctx.say('11. Numbers that move: a port-in the donor answers late, one it refuses, a port-out');
  const [joiner, mistyped, leaver] = await freeLines(ctx, 3);
  const settings = `${ctx.mnoUrl}/admin/settings`;
  const usual = await call<{ portInDecisionMs: number }>(settings);
  await call(settings, {
    method: 'PUT',
    body: JSON.stringify({ portInDecisionMs: DONOR_ANSWERS_AFTER_MS }),
  });
  const outcome: PortsOutcome = { completed: null, rejected: null, portedOut: null };
  ctx.ports = outcome;
  try {
    const [kept, wrong] = donorNumbers();
    for (const msisdn of [kept, wrong])
      await call(`${ctx.mnoUrl}/admin/donor-accounts`, {
        method: 'POST',
        body: JSON.stringify({ msisdn, accountNumber: 'ACC-7788', pin: '2468' }),
      });
    const joining = portIn(joiner, kept, '2468');
    await ctx.bss.publishNow([joining, portIn(mistyped, wrong, '1357')]);

    const completed = await answered<PortInCompleted>(
      ctx,
      joiner.subscriberId,
      EventTypes.PortInCompleted,
    );
    outcome.completed = answersOf(ctx, joining.data);
    ctx.say(
      `   port-in of a number from ${DONOR} (the donor answers after ${DONOR_ANSWERS_AFTER_MS / 1000} s): ${outcome.completed}; the line's number is now the ported one (was ${completed.previousMsisdn ?? '-'})`,
    );
    const rejected = await answered<PortInRejected>(
      ctx,
      mistyped.subscriberId,
      EventTypes.PortInRejected,
    );
    outcome.rejected = rejected.reason.code;
    ctx.say(
      `   port-in with a mistyped PIN: PortInRejected ${rejected.reason.code} (donor's code ${rejected.donorReasonCode ?? '-'}): the dealer asks the customer again`,
    );
  } finally {
    await call(settings, {
      method: 'PUT',
      body: JSON.stringify({ portInDecisionMs: usual.portInDecisionMs }),
    });
  }
  await portOut(ctx, outcome, leaver);
  await checkPorts(ctx, outcome, joiner);
}

/** The MNO's signed hub callback says the number left; Handoff ends the line and tells the BSS. */
async function portOut(ctx: DemoContext, outcome: PortsOutcome, leaver: Line): Promise<void> {
  await call(`${ctx.mnoUrl}/admin/port-out`, {
    method: 'POST',
    body: JSON.stringify({ msisdn: leaver.msisdn, recipientOperator: 'RecipientMobile' }),
  });
  const told = await answered<SubscriberPortedOut>(
    ctx,
    leaver.subscriberId,
    EventTypes.SubscriberPortedOut,
  );
  const line = await lineState(ctx, leaver.subscriberId);
  outcome.portedOut = line?.state ?? 'unknown';
  ctx.say(
    `   a port-out the MNO announces on its hub (signed callback to the orchestrator): SubscriberPortedOut to ${told.recipientOperator ?? '-'}, line ${outcome.portedOut}`,
  );
}

async function checkPorts(ctx: DemoContext, outcome: PortsOutcome, joiner: Line): Promise<void> {
  const joined = await lineState(ctx, joiner.subscriberId);
  const problems = [
    ...(outcome.completed === 'PortInPending -> PortInCompleted'
      ? []
      : [`the port-in was answered ${outcome.completed ?? 'nothing'}`]),
    ...(joined?.msisdn === joiner.msisdn ? ['the ported number did not reach the line'] : []),
    ...(outcome.rejected === null ? ['the mistyped port-in was not refused'] : []),
    ...(outcome.portedOut === 'terminated' ? [] : ['the ported-out line was not terminated']),
  ];
  if (problems.length > 0) throw new Error(`ports: ${problems.join('; ')}`);
}
