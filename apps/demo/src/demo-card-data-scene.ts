import { CARD_DATA_REFUSED } from '@handoff/messaging';
import { ORCHESTRATOR_GROUP, sinceStart } from './demo-actions';
import { call, type DemoContext } from './demo-context';
import { bssActivation, newIccid } from './demo-traffic';
import { watch } from './demo-watch';

/*
 * A card number typed into a free-text field: payment methods are processor tokens, so Handoff
 * keeps no card data. The gateway answers 400 naming the field; on Kafka the record is a permanent
 * CARD_DATA_REFUSED dead letter, redacted, which the on-call discards (a replay would run the
 * redacted event). This scene runs last: its dead letters are discarded before any replay could
 * pick them up, and a later run's replays look at their own run's letters only.
 */

/** The card networks' test Visa number, as a customer types it. */
const TEST_CARD = '4111 1111 1111 1111';
const FREE_TEXT = `paid by card ${TEST_CARD}`;
const FIELD = 'dealerReference';
/** Every consumer of the lifecycle topic decodes the record, so each refuses it. */
const CONSUMERS = [ORCHESTRATOR_GROUP, 'handoff.audit-ledger'];

interface DeadLetterItem {
  id: string;
  consumerGroup: string;
  eventId: string | null;
  error: { code: string; message: string };
  owner: { team: string };
}

export async function cardDataScene(ctx: DemoContext): Promise<void> {
  ctx.say(`8. A card number in a free-text field (${FIELD}: "${FREE_TEXT}")`);
  const gatewayFields = await refusedAtGateway(ctx);
  const letters = await refusedOnKafka(ctx);
  const storedIn = await tablesHolding(ctx);
  ctx.cardData = {
    gatewayFields,
    deadLetters: letters.map((l) => ({
      group: l.consumerGroup,
      owner: l.owner.team,
      code: l.error.code,
    })),
    storedIn,
  };
  ctx.say(
    `   the number is in ${storedIn.length === 0 ? 'no row' : storedIn.join(', ')} of activations, outbox, audit_ledger`,
  );
  if (storedIn.length > 0) throw new Error(`a card number was stored in ${storedIn.join(', ')}`);
}

/** A dealer's request with the number: a 400 naming the field, nothing published. */
async function refusedAtGateway(ctx: DemoContext): Promise<string[]> {
  const dealer = ctx.dealers[0];
  const answer = await dealer.activate(dealer.body(newIccid(), { [FIELD]: FREE_TEXT }));
  const fields = ((answer.fields ?? []) as { field: string }[]).map((f) => f.field);
  ctx.refusedAtGateway.push({
    reason: `card number in ${fields.join(', ')}`,
    status: answer.status,
  });
  ctx.say(`   a dealer request with it: HTTP ${answer.status} naming ${fields.join(', ') || '-'}`);
  if (answer.status !== 400 || !fields.includes(FIELD))
    throw new Error(`the gateway answered ${answer.status} to a card number in ${FIELD}`);
  return fields;
}

/** A BSS event with the number: dead-lettered CARD_DATA_REFUSED by each consumer, then discarded. */
async function refusedOnKafka(ctx: DemoContext): Promise<DeadLetterItem[]> {
  const event = bssActivation(newIccid());
  event.data = { ...event.data, [FIELD]: FREE_TEXT };
  await ctx.bss.publishNow([event]);
  let letters: DeadLetterItem[] = [];
  await watch(
    ctx,
    'card data',
    async () => {
      letters = await refusedLetters(ctx, event.id!);
      return CONSUMERS.every((group) => letters.some((l) => l.consumerGroup === group));
    },
    30_000,
  );
  const [first] = letters;
  if (!letters.some((l) => l.consumerGroup === ORCHESTRATOR_GROUP) || !first)
    throw new Error(`no ${CARD_DATA_REFUSED} dead letter for BSS event ${event.id}`);
  ctx.say(
    `   a BSS event with it: dead-lettered ${first.error.code} by ${letters.map((l) => l.consumerGroup).join(', ')}, owner ${first.owner.team} (the producer): ${first.error.message}`,
  );
  const { results } = await call<{ results: { outcome: string; message: string }[] }>(
    `${ctx.opsUrl}/v1/dead-letters/discard`,
    {
      method: 'POST',
      key: ctx.operatorKey,
      body: JSON.stringify({
        refs: letters.map((l) => l.id),
        reason: 'CARD_DATA.PRODUCER_TO_FIX: the BSS resends the request without card data (demo)',
      }),
    },
  );
  const discarded = results.filter((r) => r.outcome === 'discarded').length;
  ctx.say(
    `   the on-call discards them with a reason (runbook: a replay would run the redacted event): ${discarded} of ${letters.length} discarded; the BSS fixes its producer`,
  );
  if (discarded !== letters.length)
    throw new Error(
      `card data dead letters not discarded: ${results.map((r) => r.message).join('; ')}`,
    );
  return letters;
}

/** This run's open dead letters of the event, every consumer group, refused for card data. */
async function refusedLetters(ctx: DemoContext, eventId: string): Promise<DeadLetterItem[]> {
  const listing = await call<{ deadLetters: DeadLetterItem[] }>(
    `${ctx.opsUrl}/v1/dead-letters?status=open&newerThan=${sinceStart(ctx)}`,
    { key: ctx.operatorKey },
  );
  return listing.deadLetters.filter(
    (l) => l.eventId === eventId && l.error.code === CARD_DATA_REFUSED,
  );
}

/** The tables a row of which holds the number, spaced or not (the outbox's payload is Avro bytes). */
async function tablesHolding(ctx: DemoContext): Promise<string[]> {
  const forms = [TEST_CARD, TEST_CARD.replace(/ /g, '')];
  const checks: [string, string][] = [
    ['activations', `SELECT 1 FROM activations t WHERE t::text LIKE ANY($1) LIMIT 1`],
    [
      'outbox',
      `SELECT 1 FROM outbox t WHERE t.headers::text LIKE ANY($1)
          OR EXISTS (SELECT 1 FROM unnest($2::text[]) f WHERE position(convert_to(f, 'UTF8') IN t.payload) > 0)
        LIMIT 1`,
    ],
    ['audit_ledger', `SELECT 1 FROM audit_ledger t WHERE t::text LIKE ANY($1) LIMIT 1`],
  ];
  const found: string[] = [];
  const patterns = forms.map((f) => `%${f}%`);
  for (const [table, sql] of checks) {
    const params = table === 'outbox' ? [patterns, forms] : [patterns];
    if ((await ctx.db.query<unknown[]>(sql, params)).length > 0) found.push(table);
  }
  return found;
}
