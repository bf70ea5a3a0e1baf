import { EventTypes, type TaxJurisdictionUnresolved } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { bssActivations, dealerActivations } from './demo-actions';
import { call, type DemoContext, type Tracked } from './demo-context';
import { paymentEffects, taxDocument, taxLedger } from './demo-ledgers';
import { dollars } from './demo-money';
import { bssActivation, newIccid, UNCOVERED_PLACE } from './demo-traffic';
import { watch } from './demo-watch';

/*
 * A place the tax engine resolves but has no tax configuration for (the simulator's Guam): it
 * quotes zero tax and no error. The saga holds those activations for the tax owner instead of
 * charging them untaxed; the tax team fixes the engine's configuration, the on-call re-drives them
 * through the ops API, and they are taxed, charged and committed once like any other.
 */

const JURISDICTION = 'US-GU-HAGATNA';
const HELD_FOR_TAX = 'TAX_JURISDICTION_UNRESOLVED';

/** The simulator's tax configuration of one place (`/admin/coverage/{code}`). */
interface Coverage {
  code: string;
  name: string;
  revision: number;
  rules: { name: string; jurisdictionName: string }[];
}

/** The ops API's redrive report, as an outside caller reads it. */
interface RedriveAnswer {
  counts: Record<'redriven' | 'wouldRedrive' | 'skipped' | 'notFound', number>;
  results: { activationId: string; outcome: string; detail: string }[];
  sent: boolean;
}

interface HeldRow {
  activation_id: string;
  state: string;
  step: string;
  reason_code: string | null;
  owner_team: string | null;
  payment_intent_id: string | null;
  subscriber_id: string | null;
}

export async function uncoveredJurisdictionScene(ctx: DemoContext): Promise<void> {
  ctx.say(
    '7. Lines in a place the tax engine has no configuration for: Hagåtña, Guam (US-GU-HAGATNA)',
  );
  // The simulator starts with each demo run; this says so out loud rather than trusting it.
  const shipped = await coverage(ctx, 'DELETE');
  ctx.say(
    `   the tax engine resolves the address but has ${shipped.rules.length} tax rules for ${shipped.name} (configuration revision ${shipped.revision}): it quotes zero tax, no error`,
  );
  await sayCoverage(ctx, 'before');
  const made = await guamActivations(ctx);
  await watch(
    ctx,
    'taxed nothing',
    async () =>
      (await rows(ctx, made)).every((r) => r.state === 'held') &&
      made.every((t) => unresolved(ctx, t).length > 0),
    30_000,
  );
  await sayHeld(ctx, made);
  await fixTaxConfiguration(ctx);
  await sayCoverage(ctx, 'after');
  await redrive(ctx, made);
  await watch(
    ctx,
    're-driven',
    async () =>
      (await rows(ctx, made)).every((r) => r.state === 'completed') &&
      made.every((t) => ctx.inbox.told(EventTypes.SubscriberActivated, t.activationId).length > 0),
    60_000,
  );
  await sayCompleted(ctx, made);
  const again = await redriveCall(ctx, made, false);
  ctx.say(
    `   the same redrive sent again re-drives nothing: ${again.counts.skipped} skipped, ${again.results[0]?.detail ?? '-'}`,
  );
}

/** The ops API's tax coverage report (`ops tax coverage`), as an outside caller reads it. */
interface CoverageAnswer {
  places: { jurisdiction: string; status: string }[];
  gaps: {
    jurisdiction: string;
    status: string;
    owner: { teamName: string; escalation: { who: string; contact: string } };
  }[];
}

/**
 * `ops tax coverage` over the ops API: before the fix it must name Guam as a gap with its owner,
 * after it no gap at all; anything else stops the demo, as the check would stop a pipeline.
 */
async function sayCoverage(ctx: DemoContext, when: 'before' | 'after'): Promise<void> {
  const report = await call<CoverageAnswer>(`${ctx.opsUrl}/v1/tax/coverage`, {
    key: ctx.operatorKey,
  });
  const gaps = report.gaps.map((g) => g.jurisdiction);
  const expected = when === 'before' ? [JURISDICTION] : [];
  if (gaps.join() !== expected.join())
    throw new Error(`ops tax coverage ${when} the fix found gaps [${gaps.join(', ')}]`);
  const [gap] = report.gaps;
  ctx.say(
    gap
      ? `   ops tax coverage (GET /v1/tax/coverage, ops key) finds it before any sale: ${gap.jurisdiction} ${gap.status}, owner ${gap.owner.teamName} (first call ${gap.owner.escalation.contact}); ${report.places.length - 1} other places covered`
      : `   ops tax coverage again: no gap, all ${report.places.length} places the MVNO sells in taxed`,
  );
}

/** Two dealer and two BSS activations, charged, for a line used in Guam. */
async function guamActivations(ctx: DemoContext): Promise<Tracked[]> {
  const serviceAddress = UNCOVERED_PLACE;
  return [
    ...(await dealerActivations(ctx, 2, { serviceAddress })),
    ...(await bssActivations(
      ctx,
      [newIccid(), newIccid()].map((iccid) => bssActivation(iccid, { serviceAddress })),
    )),
  ];
}

const coverage = (ctx: DemoContext, method: 'PUT' | 'DELETE') =>
  call<Coverage>(`${ctx.taxUrl}/admin/coverage/${JURISDICTION}`, { method });

const rows = (ctx: DemoContext, made: readonly Tracked[]) =>
  ctx.db.query<HeldRow[]>(
    `SELECT activation_id, state, step, reason_code, owner_team, payment_intent_id, subscriber_id
       FROM activations WHERE activation_id = ANY($1)`,
    [made.map((t) => t.activationId)],
  );

const unresolved = (ctx: DemoContext, t: Tracked) =>
  ctx.inbox.toldWithOwner<TaxJurisdictionUnresolved>(
    EventTypes.TaxJurisdictionUnresolved,
    t.activationId,
  );

/** What held them, from their rows, the tax engine's ledger and the events the BSS heard. */
async function sayHeld(ctx: DemoContext, made: readonly Tracked[]): Promise<void> {
  const held = (await rows(ctx, made)).filter(
    (r) => r.state === 'held' && r.reason_code === HELD_FOR_TAX,
  );
  const codes = made.map((t) => `ACT-${t.activationId}`);
  const filed = (await taxLedger(ctx)).filter((e) => codes.includes(e.documentCode));
  const quotes = await Promise.all(codes.map((code) => taxDocument(ctx, code)));
  const charges = quotes.reduce((sum, q) => sum + q.totals.amount, 0);
  const tax = quotes.reduce((sum, q) => sum + q.totals.taxAmount, 0);
  ctx.say(
    `   ${held.length} of ${made.length} held at step ${held[0]?.step ?? '-'} (${HELD_FOR_TAX}), row owner ${held[0]?.owner_team ?? '-'}: ${dollars(charges)} of charges quoted ${dollars(tax)} tax; ${held.filter((r) => r.payment_intent_id).length} cards authorized, ${filed.length} tax filings`,
  );
  const events = made.flatMap((t) => unresolved(ctx, t));
  const [first] = events;
  ctx.say(
    first
      ? `   the BSS heard ${events.length} TaxJurisdictionUnresolved on ${Topics.Tax} (${first.data.jurisdictionCode}, ${first.data.jurisdictionName}, held: ${first.data.held}), ${ownerOf(first.integrationPoint)}`
      : '   no TaxJurisdictionUnresolved came',
  );
}

/** The owner stamped on an event, as the ownership matrix names it: who fixes it, who answers for it. */
function ownerOf(integrationPoint: string | undefined): string {
  if (!integrationPoint) return 'no owner stamped';
  const owner = loadOwnershipMatrix().owner(integrationPoint);
  const firstCall = owner.escalation[0];
  return `owner ${owner.teamName} (${integrationPoint}; accountable ${owner.accountable.name}, ${owner.accountable.role}${firstCall ? `; first call ${firstCall.contact}` : ''})`;
}

/** The tax team's fix is in the tax engine, not in Handoff; on the demo's stack, its admin API. */
async function fixTaxConfiguration(ctx: DemoContext): Promise<void> {
  ctx.say(
    "   the tax team (told by the event) configures Guam in the tax engine under a change ticket and checks a test quote there is taxed; Handoff's configuration is not touched",
  );
  const fixed = await coverage(ctx, 'PUT');
  const local = fixed.rules.filter((r) => r.jurisdictionName !== 'United States');
  ctx.say(
    `   here: PUT ${ctx.taxUrl}/admin/coverage/${JURISDICTION} -> revision ${fixed.revision}, ${fixed.rules.length} rules (federal fees, ${local.map((r) => r.name).join(', ')})`,
  );
}

/** The on-call re-drives this run's holds only, by id: a sweep by reason would touch other runs'. */
async function redrive(ctx: DemoContext, made: readonly Tracked[]): Promise<void> {
  const dryRun = await redriveCall(ctx, made, true);
  ctx.say(
    `   dry run (ops API, these ${made.length} by id): ${dryRun.counts.wouldRedrive} would ${dryRun.results[0]?.detail ?? '-'}`,
  );
  const done = await redriveCall(ctx, made, false);
  ctx.redrives.push({
    reasonCode: HELD_FOR_TAX,
    held: made.length,
    redriven: done.counts.redriven,
  });
  ctx.say(
    `   the on-call re-drives them (POST /v1/activations/redrive, ops key, a reason): ${done.counts.redriven} re-driven, ${done.counts.skipped} skipped, requests on Kafka: ${done.sent}`,
  );
}

const redriveCall = (ctx: DemoContext, made: readonly Tracked[], dryRun: boolean) =>
  call<RedriveAnswer>(`${ctx.opsUrl}/v1/activations/redrive`, {
    method: 'POST',
    key: ctx.operatorKey,
    body: JSON.stringify({
      activationIds: made.map((t) => t.activationId),
      reasonCode: HELD_FOR_TAX,
      reason: `TAX.CONFIG_FIXED: Guam configured in the tax engine (demo ${ctx.startedAt.getTime()})`,
      dryRun,
    }),
  });

/** Taxed on the fixed configuration, charged and committed once each: the vendors' ledgers say. */
async function sayCompleted(ctx: DemoContext, made: readonly Tracked[]): Promise<void> {
  const done = (await rows(ctx, made)).filter((r) => r.state === 'completed');
  const ledger = await taxLedger(ctx);
  let tax = 0;
  let captured = 0;
  let captures = 0;
  let commits = 0;
  for (const r of done) {
    const code = `ACT-${r.activation_id}`;
    tax += (await taxDocument(ctx, code)).totals.taxAmount;
    commits += ledger.filter((e) => e.documentCode === code && e.effect === 'committed').length;
    const mine = r.subscriber_id ? await paymentEffects(ctx, r.subscriber_id) : [];
    for (const e of mine.filter((x) => x.kind === 'capture')) {
      captures += 1;
      captured += e.amount;
    }
  }
  const charges = made.reduce((sum, t) => sum + t.chargesMinor, 0);
  ctx.say(
    `   ${done.length} of ${made.length} active: ${dollars(charges)} + tax ${dollars(tax)} (quoted again on the new configuration) = captured ${dollars(captured)}; ${captures} captures, ${commits} tax commits, SubscriberActivated to the BSS`,
  );
}
