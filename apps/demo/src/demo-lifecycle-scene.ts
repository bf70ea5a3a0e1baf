import { randomUUID } from 'node:crypto';
import { EventTypes, type LifecycleRequestRejected } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { call, type DemoContext } from './demo-context';
import { newIccid } from './demo-traffic';
import { waitUntil } from './demo-watch';

/*
 * The line's lifecycle at the MNO: for lines the demo activated, the BSS changes a plan, swaps a
 * SIM, suspends and resumes, deactivates, and asks what makes no sense (refused, as events); a
 * dealer changes the plan of a line it activated over the gateway, and another dealer cannot.
 * Each answer is checked against the MNO simulator's effects ledger, in order per subscriber.
 * Port-in and port-out are the next scene's (demo-ports-scene.ts).
 */

const NEW_PLAN = 'BASIC-5G-15';
/** How long the MNO takes over the SIM swap, so a suspend sent right behind it could overtake it. */
const SLOW_SWAP_MS = 2_500;

/** One request the BSS sends, the answer it must hear, and the change the MNO must apply (if any). */
interface Step {
  event: NewEvent<{ requestId: string; requestedAt?: number }>;
  answer: string;
  /** The MNO effects ledger's kind for it; null when Handoff must refuse it (nothing ordered). */
  effect: string | null;
  reason?: string;
}

interface Line {
  subscriberId: string;
  iccid: string;
  planCode: string;
}

interface Effect {
  seq: number;
  kind: string;
  externalId: string | null;
  at: string;
}

/** A lifecycle request as the BSS publishes it: keyed by the subscriber, its own request id. */
function bssRequest<T extends object>(
  type: string,
  subscriberId: string,
  fields: T,
): Step['event'] {
  const data = {
    subjectId: subscriberId,
    requestId: `req-${randomUUID()}`,
    subscriberId,
    requestedAt: Date.now(),
    ...fields,
  };
  return { id: randomUUID(), type, subject: subscriberId, data };
}

const applied = (event: Step['event'], answer: string, effect: string): Step => ({
  event,
  answer,
  effect,
});

const refused = (event: Step['event'], reason: string): Step => ({
  event,
  answer: EventTypes.LifecycleRequestRejected,
  effect: null,
  reason,
});

/**
 * Active lines of this run, none busy, none billed by scene 9, none on the new plan already; the
 * dealer's own when named, else the BSS's.
 */
async function freeLines(
  ctx: DemoContext,
  count: number,
  dealerId: string | null,
): Promise<Line[]> {
  const rows = await ctx.db.query<{ subscriber_id: string; iccid: string; plan_code: string }[]>(
    `SELECT DISTINCT s.subscriber_id, s.iccid, s.plan_code FROM activations a
       JOIN subscribers s ON s.subscriber_id = a.subscriber_id
      WHERE a.activation_id = ANY($1) AND a.state = 'completed' AND s.state = 'active'
        AND s.open_request_id IS NULL AND NOT s.subscriber_id = ANY($2)
        AND ($3::text IS NULL AND a.channel = 'bss' OR a.dealer_id = $3) AND s.plan_code <> $4
      LIMIT $5`,
    [ctx.tracked.map((t) => t.activationId), ctx.payments?.lines ?? [], dealerId, NEW_PLAN, count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} free active lines`);
  return rows.map((r) => ({
    subscriberId: r.subscriber_id,
    iccid: r.iccid,
    planCode: r.plan_code,
  }));
}

/** The requests of each subscriber, sent back to back: SIM swap → suspend → resume on one line. */
function script(swapper: Line, newSim: string, planned: Line, leaver: Line): Step[][] {
  const { SimSwapRequested, SubscriberSuspensionRequested, SubscriberResumptionRequested } =
    EventTypes;
  const planChange = (line: Line, planCode: string) =>
    bssRequest(EventTypes.SubscriberPlanChangeRequested, line.subscriberId, {
      planCode,
      dealerId: null,
    });
  const resume = (line: Line) => bssRequest(SubscriberResumptionRequested, line.subscriberId, {});
  const swap = bssRequest(SimSwapRequested, swapper.subscriberId, {
    oldIccid: swapper.iccid,
    newIccid: newSim,
    reasonCode: 'DAMAGED',
  });
  const suspend = bssRequest(SubscriberSuspensionRequested, swapper.subscriberId, {
    iccid: null,
    reasonCode: 'CUSTOMER_REQUEST',
    paymentId: null,
  });
  const deactivate = bssRequest(EventTypes.SubscriberDeactivationRequested, leaver.subscriberId, {
    reasonCode: 'CUSTOMER_REQUEST',
  });
  return [
    [
      applied(swap, EventTypes.SimSwapped, 'simSwapped'),
      applied(suspend, EventTypes.SubscriberSuspended, 'suspended'),
      applied(resume(swapper), EventTypes.SubscriberResumed, 'resumed'),
    ],
    [
      applied(planChange(planned, NEW_PLAN), EventTypes.SubscriberPlanChanged, 'planChanged'),
      refused(resume(planned), 'LIFECYCLE.LINE_NOT_SUSPENDED'),
    ],
    [
      applied(deactivate, EventTypes.SubscriberDeactivated, 'deactivated'),
      refused(planChange(leaver, 'UNL-5G-30'), 'LIFECYCLE.LINE_TERMINATED'),
    ],
  ];
}

/** Waits (60 s at most) until the BSS heard an answer to each of the subscriber's requests. */
async function answersTo(ctx: DemoContext, subscriberId: string, count: number) {
  return waitUntil(
    () => {
      const answers = ctx.inbox.answersTo(subscriberId);
      return answers.length >= count ? answers : undefined;
    },
    () =>
      `lifecycle: ${subscriberId} heard ${ctx.inbox.answersTo(subscriberId).length} of ${count} answers`,
  );
}

/** What the MNO applied for this subscriber's requests, by external id `<subscriber>/<request>`. */
async function effectsOf(ctx: DemoContext, subscriberId: string): Promise<Effect[]> {
  const effects = await call<Effect[]>(`${ctx.mnoUrl}/admin/effects`);
  return effects.filter((e) => (e.externalId ?? '').startsWith(`${subscriberId}/`));
}

/** Throws unless the answers and the MNO's ledger are exactly what the steps expect, in order. */
async function check(ctx: DemoContext, subscriberId: string, steps: Step[]): Promise<Effect[]> {
  const answers = await answersTo(ctx, subscriberId, steps.length);
  const heard = answers.map((a) => {
    const reason = (a.data as Partial<LifecycleRequestRejected>).reason?.code;
    return `${a.type}:${a.requestId}${reason ? `:${reason}` : ''}`;
  });
  const wanted = steps.map(
    (s) => `${s.answer}:${s.event.data.requestId}${s.reason ? `:${s.reason}` : ''}`,
  );
  if (heard.join() !== wanted.join())
    throw new Error(
      `lifecycle: ${subscriberId} heard [${heard.join(', ')}], not [${wanted.join(', ')}]`,
    );
  const effects = await effectsOf(ctx, subscriberId);
  const atMno = effects.map((e) => `${e.kind}:${e.externalId}`);
  const ordered = steps
    .filter((s) => s.effect !== null)
    .map((s) => `${s.effect}:${subscriberId}/${s.event.data.requestId}`);
  if (atMno.join() !== ordered.join())
    throw new Error(
      `lifecycle: the MNO applied [${atMno.join(', ')}] for ${subscriberId}, not [${ordered.join(', ')}]`,
    );
  return effects;
}

const last4 = (iccid: string) => `…${iccid.slice(-4)}`;

export async function lifecycleScene(ctx: DemoContext): Promise<void> {
  ctx.say(
    "10. The line's lifecycle at the MNO: plan change, SIM swap, suspend, resume, deactivate",
  );
  const [swapper, planned, leaver] = await freeLines(ctx, 3, null);
  const newSim = newIccid();
  const plan = script(swapper, newSim, planned, leaver);
  const [swapSteps, planSteps, leaveSteps] = plan;
  const swap = swapSteps[0].event;
  await slowSwap(ctx, swapper, swap, () => ctx.bss.publishNow(plan.flat().map((s) => s.event)));

  const swapEffects = await check(ctx, swapper.subscriberId, swapSteps);
  const [swapped, suspended] = swapEffects.map((e) => Date.parse(e.at));
  const suspendSent = swapSteps[1].event.data.requestedAt ?? 0;
  ctx.say(
    `   SIM swap (${last4(swapper.iccid)} -> ${last4(newSim)}), suspend (CUSTOMER_REQUEST), resume sent back to back for one subscriber, the swap slow at the MNO (${SLOW_SWAP_MS / 1000} s)`,
  );
  ctx.say(
    `   -> SimSwapped, SubscriberSuspended, SubscriberResumed; the MNO's effects ledger: ${swapEffects.map((e) => `#${e.seq} ${e.kind}`).join(', ')}`,
  );
  ctx.say(
    `   the suspend overtook nothing: applied ${suspended - suspendSent} ms after it was sent, ${suspended - swapped} ms after the swap completed`,
  );
  const planEffects = await check(ctx, planned.subscriberId, planSteps);
  ctx.say(
    `   plan change ${planned.planCode} -> ${NEW_PLAN}: SubscriberPlanChanged (MNO #${planEffects[0].seq} planChanged); then a resume of that active line: LifecycleRequestRejected LIFECYCLE.LINE_NOT_SUSPENDED, nothing ordered`,
  );
  const leaveEffects = await check(ctx, leaver.subscriberId, leaveSteps);
  ctx.say(
    `   deactivation: SubscriberDeactivated (MNO #${leaveEffects[0].seq} deactivated); then a plan change of that line: LifecycleRequestRejected LIFECYCLE.LINE_TERMINATED, nothing ordered`,
  );
  const otherDealerStatus = await dealerPlanChange(ctx);
  const steps = plan.flat();
  ctx.lifecycle = {
    answered: steps.length + 1,
    appliedAtMno: steps.filter((s) => s.effect !== null).length + 1,
    refused: steps.flatMap((s) => (s.reason ? [s.reason] : [])),
    otherDealerStatus,
  };
}

/**
 * Publishes with the MNO slow until it has the swap's order, so the suspend right behind it would
 * overtake it if the orchestrator let it; then the MNO is back to its usual pace.
 */
async function slowSwap(
  ctx: DemoContext,
  swapper: Line,
  swap: Step['event'],
  publish: () => Promise<void>,
): Promise<void> {
  const settings = `${ctx.mnoUrl}/admin/settings`;
  const usual = await call<{ completionDelayMs: number }>(settings);
  await call(settings, {
    method: 'PUT',
    body: JSON.stringify({ completionDelayMs: SLOW_SWAP_MS }),
  });
  try {
    await publish();
    const externalId = encodeURIComponent(`${swapper.subscriberId}/${swap.data.requestId}`);
    const deadline = Date.now() + 30_000;
    while (
      (
        await call<unknown[]>(
          `${ctx.mnoUrl}/tmf-api/serviceOrdering/v4/serviceOrder?externalId=${externalId}`,
        )
      ).length === 0
    ) {
      if (Date.now() > deadline) throw new Error('lifecycle: the SIM swap never reached the MNO');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await call(settings, {
      method: 'PUT',
      body: JSON.stringify({ completionDelayMs: usual.completionDelayMs }),
    });
  }
}

/** A dealer changes the plan of a line it activated; the other dealer asks the same and hears 404. */
async function dealerPlanChange(ctx: DemoContext): Promise<number> {
  const [own, other] = ctx.dealers;
  const [line] = await freeLines(ctx, 1, own.dealerId);
  const accepted = await own.changePlan(line.subscriberId, NEW_PLAN);
  if (accepted.status !== 202 || !accepted.requestId)
    throw new Error(`lifecycle: the dealer's plan change answered ${accepted.status}`);
  const refusedOther = await other.changePlan(line.subscriberId, NEW_PLAN);
  if (refusedOther.status !== 404)
    throw new Error(
      `lifecycle: another dealer's plan change answered ${refusedOther.status}, not 404`,
    );
  const step = applied(
    // The gateway published this request; the step only names it.
    {
      type: EventTypes.SubscriberPlanChangeRequested,
      subject: line.subscriberId,
      data: { requestId: accepted.requestId },
    },
    EventTypes.SubscriberPlanChanged,
    'planChanged',
  );
  const [effect] = await check(ctx, line.subscriberId, [step]);
  const seen = await own.planChange(line.subscriberId, accepted.requestId);
  if (seen.state !== 'completed')
    throw new Error(`lifecycle: the dealer reads its plan change ${seen.state}, not completed`);
  ctx.say(
    `   a dealer's plan change over the gateway (POST /v1/subscribers/{id}/plan-change): 202, SubscriberPlanChanged (MNO #${effect.seq} planChanged), the dealer reads it ${seen.state}; the other dealer on the same line: ${refusedOther.status}`,
  );
  return refusedOther.status;
}
