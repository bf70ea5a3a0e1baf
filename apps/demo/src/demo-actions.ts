import type { ActivationRequested } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { call, type DemoContext, type ReplayOutcome, type Tracked } from './demo-context';
import { chargesMinorOf, type DealerClient } from './demo-traffic';
import { snapshot } from './demo-watch';

/* What the scenes do as a dealer, the BSS and the on-call operator, and how they keep count. */

export const ORCHESTRATOR_GROUP = 'handoff.orchestrator';

type DealerAnswer = Awaited<ReturnType<DealerClient['activate']>>;

/** Keeps count of a dealer request the gateway accepted (202). */
export function trackDealer(
  ctx: DemoContext,
  answer: DealerAnswer,
  body: Record<string, unknown>,
  expect: Tracked['expect'],
): Tracked {
  if (answer.status !== 202) {
    throw new Error(
      `dealer activation answered ${answer.status}: ${JSON.stringify(answer.fields ?? answer)}`,
    );
  }
  const tracked: Tracked = {
    activationId: answer.activationId!,
    correlationId: answer.correlationId!,
    iccid: String(body.iccid),
    channel: 'dealer',
    expect,
    chargesMinor: chargesMinorOf(body.charges as ActivationRequested['charges'] | undefined),
  };
  ctx.tracked.push(tracked);
  return tracked;
}

/** `count` dealer activations, charged and paid with a card the processor approves. */
export async function dealerActivations(
  ctx: DemoContext,
  count: number,
  overrides: Record<string, unknown> = {},
  expect: Tracked['expect'] = 'activated',
): Promise<Tracked[]> {
  const made: Tracked[] = [];
  for (let i = 0; i < count; i += 1) {
    const dealer = ctx.dealers[i % ctx.dealers.length];
    const body = dealer.body(dealer.newIccid(), overrides);
    made.push(trackDealer(ctx, await dealer.activate(body), body, expect));
  }
  return made;
}

export const trackBss = (
  ctx: DemoContext,
  e: NewEvent<ActivationRequested>,
  expect: Tracked['expect'],
): Tracked => {
  const tracked: Tracked = {
    activationId: e.data.activationId,
    correlationId: e.id!,
    iccid: e.data.iccid,
    channel: 'bss',
    expect,
    chargesMinor: chargesMinorOf(e.data.charges),
  };
  ctx.tracked.push(tracked);
  return tracked;
};

export async function bssActivations(
  ctx: DemoContext,
  events: NewEvent<ActivationRequested>[],
  expect: Tracked['expect'] = 'activated',
): Promise<Tracked[]> {
  await ctx.bss.publishNow(events);
  return events.map((e) => trackBss(ctx, e, expect));
}

/** This run's dead letters only: earlier runs may have left their own. */
export const sinceStart = (ctx: DemoContext) =>
  `${Math.ceil((Date.now() - ctx.startedAt.getTime()) / 1000) + 1}s`;

/** The orchestrator's open dead letters of this run, of one owner or of all. */
export async function openDeadLetters(ctx: DemoContext, ownerTeam?: string): Promise<number> {
  const owner = ownerTeam ? `&ownerTeam=${ownerTeam}` : '';
  const listing = await call<{ count: number }>(
    `${ctx.opsUrl}/v1/dead-letters?group=${ORCHESTRATOR_GROUP}&status=open&newerThan=${sinceStart(ctx)}${owner}`,
    { key: ctx.operatorKey },
  );
  return listing.count;
}

/** The on-call operator replays the orchestrator's open dead letters of this run (ops API, a reason). */
export async function replayDeadLetters(
  ctx: DemoContext,
  reason: string,
  ownerTeam?: string,
): Promise<ReplayOutcome> {
  const report = await call<{ counts: Record<string, number>; failedAgain: number }>(
    `${ctx.opsUrl}/v1/dead-letters/replay`,
    {
      method: 'POST',
      key: ctx.operatorKey,
      body: JSON.stringify({
        filter: {
          group: ORCHESTRATOR_GROUP,
          status: 'open',
          newerThan: sinceStart(ctx),
          ownerTeam,
        },
        reason,
        ratePerSecond: 50,
      }),
    },
  );
  const outcome = {
    ownerTeam: ownerTeam ?? 'any',
    replayed: report.counts.replayed ?? 0,
    failedAgain: report.failedAgain,
  };
  ctx.replays.push(outcome);
  return outcome;
}

export async function pendingCount(ctx: DemoContext): Promise<number> {
  const s = await snapshot(ctx);
  return s.total - s.settled;
}
