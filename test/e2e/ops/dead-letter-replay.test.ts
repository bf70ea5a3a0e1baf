import { randomUUID } from 'node:crypto';
import { ORCHESTRATOR_VENDOR_CALLS } from '@handoff/activation-saga';
import {
  InvalidDeadLetterInputError,
  type DeadLetter,
  type DeadLetterOps,
} from '@handoff/dead-letters';
import {
  CeHeaders,
  DeadLetterHeaders,
  ReplayHeaders,
  RetryHeaders,
  Topics,
  type Backbone,
  type OutgoingRecord,
} from '@handoff/messaging';
import { freshTopics, groupCaughtUp, testBackbone, TopicTap } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { migratedDatabase, uniqueName, waitFor, type TestDatabase } from '../../support/test-infra';
import {
  count,
  ensureGroupTopics,
  MnoLikeGroup,
  opsTooling,
  testOwnership,
  type Seen,
} from './ops-harness';

const DELAYS = [200];
const alice = { operatorId: 'alice' };

describe('dead-letter replay against a real consumer group (Kafka + PostgreSQL)', () => {
  let db: TestDatabase;
  let services: Backbone;
  let ops: DeadLetterOps;
  let opsBackbone: Backbone;
  let topics: Awaited<ReturnType<typeof freshTopics>>;
  let failing: MnoLikeGroup;
  const bystander: Seen[] = [];
  const taps: Record<'dlt' | 'retry' | 'source', TopicTap | undefined> = {
    dlt: undefined,
    retry: undefined,
    source: undefined,
  };
  let first: OutgoingRecord;
  let deadLetter: DeadLetter;

  beforeAll(async () => {
    db = await migratedDatabase('ops_replay');
    topics = await freshTopics('ops', DELAYS, 1);
    const bystanderGroup = uniqueName('ops.bystander');
    await ensureGroupTopics(bystanderGroup, DELAYS);
    failing = new MnoLikeGroup(topics.groupId);
    services = testBackbone(db.dataSource, { ownership: testOwnership });
    const common = { topics: [topics.source], retryDelaysMs: DELAYS };
    await services
      .consumerGroup({ ...common, groupId: failing.groupId, handler: failing.handler })
      .start();
    await services
      .consumerGroup({
        ...common,
        groupId: bystanderGroup,
        handler: async (e, ctx) => {
          bystander.push({ eventId: e.id, correlationId: e.correlationId, replay: ctx.replay });
        },
      })
      .start();
    taps.dlt = await TopicTap.open(topics.deadLetter);
    taps.retry = await TopicTap.open(topics.retry[0].name);
    taps.source = await TopicTap.open(topics.source);
    // The test's group stands in for the orchestrator, and declares the saga's vendor calls.
    const vendorCalls = { [failing.groupId]: ORCHESTRATOR_VENDOR_CALLS };
    ({ ops, backbone: opsBackbone } = opsTooling(db.dataSource, vendorCalls));
  });

  afterAll(async () => {
    await Promise.all(Object.values(taps).map((t) => (t ? t.close() : Promise.resolve())));
    await opsBackbone?.close();
    await services?.close();
    await db?.close();
  });

  const eventId = (r: OutgoingRecord) => r.headers[CeHeaders.id];

  it('lists a dead letter of a real consumer group with its error context and owner, and shows it decoded', async () => {
    first = services.stamper.stamp(activationRequested(topics.source, `sub-${randomUUID()}`));
    await services.producer.send([first]);
    await waitFor('the dead letter', () => taps.dlt!.records.length === 1);

    const { items, complete } = await ops.list({ group: failing.groupId });
    expect(complete).toBe(true);
    expect(items).toHaveLength(1);
    deadLetter = items[0];
    expect(deadLetter.uid).toBe(taps.dlt!.records[0].headers[DeadLetterHeaders.uid]);
    expect(deadLetter.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(deadLetter).toMatchObject({
      consumerGroup: failing.groupId,
      original: { topic: topics.source, partition: 0, offset: '0' },
      eventId: eventId(first),
      eventType: 'handoff.activation.ActivationRequested',
      correlationId: eventId(first),
      error: { errorClass: 'permanent', code: 'MNO.ICCID_UNKNOWN', stage: 'vendor-call' },
      attempts: 1,
      owner: { team: 'network-ops', integrationPoint: 'handoff-to-mno' },
      status: { state: 'open' },
    });
    expect((await ops.list({ group: failing.groupId, ownerTeam: 'billing-ops' })).items).toEqual(
      [],
    );

    const detail = await ops.show(deadLetter.ref);
    expect(detail.payload).toMatchObject({
      decoded: true,
      schemaType: 'handoff.activation.ActivationRequested',
    });
    const data = (detail.payload as { data: { iccid: string; planCode: string } }).data;
    expect(data.planCode).toEqual(expect.any(String));
    expect(data.iccid).toContain('*');
    expect(detail.owner.teamName).toBe('Network Operations');
    expect(detail.owner.escalation[0]).toMatchObject({ contact: 'pagerduty:network-ops' });
  });

  it('dry-run says it would pass validation, was not applied, names the vendor calls its group declares, and changes nothing', async () => {
    const outboxBefore = await count(db.dataSource, 'SELECT 1 FROM outbox', []);
    const report = await ops.replay({
      refs: [deadLetter.ref],
      reason: 'check first',
      operator: alice,
      dryRun: true,
    });
    expect(report.results[0]).toMatchObject({
      outcome: 'would-replay',
      targetTopic: topics.retry[0].name,
      dryRun: { passesValidation: true, alreadyApplied: false },
    });
    const calls = report.results[0].dryRun!.vendorCalls!.map((c) => `${c.vendor} ${c.call}`);
    expect(calls[0]).toBe('tax-engine geocode');
    const mno = calls.filter((c) => c.startsWith('mno '));
    expect(mno).toEqual(['mno findOrders', 'mno createOrder', 'mno getOrder']);

    await new Promise((r) => setTimeout(r, 1_000));
    expect(taps.retry!.records).toHaveLength(0);
    expect(await count(db.dataSource, 'SELECT 1 FROM dead_letter_actions', [])).toBe(0);
    expect(await count(db.dataSource, 'SELECT 1 FROM audit_ledger', [])).toBe(0);
    // Only the consumer's own dead letter and its DeadLetterRecorded fact; a dry run writes nothing.
    expect(await count(db.dataSource, 'SELECT 1 FROM outbox', [])).toBe(outboxBefore);
  });

  it('replays to the failed group only, keeping its correlation id, and the fixed handler applies it once', async () => {
    failing.broken = false;
    const reason = 'VENDOR.RECOVERED: MNO incident INC-4711 closed';
    const report = await ops.replay({
      refs: [deadLetter.ref],
      reason,
      operator: alice,
      settleMs: 500,
    });
    expect(report.results[0]).toMatchObject({ outcome: 'replayed', failedAgain: false });
    const replayId = report.results[0].replayId!;

    await waitFor('the replay applied', () => failing.timesApplied(eventId(first)) === 1);
    expect(failing.applied[0]).toEqual({
      eventId: eventId(first),
      correlationId: eventId(first),
      replay: { replayId, replayedBy: 'alice', replayedAt: expect.any(String), reason },
    });
    const sent = taps.retry!.records[0];
    expect(sent.headers).toMatchObject({
      [ReplayHeaders.replayId]: replayId,
      [ReplayHeaders.replayedBy]: 'alice',
      [ReplayHeaders.replayReason]: reason,
      [RetryHeaders.attempts]: '0',
      [CeHeaders.correlationId]: eventId(first),
      [DeadLetterHeaders.originalTopic]: topics.source,
    });
    expect(sent.headers[DeadLetterHeaders.errorCode]).toBeUndefined();
    expect(sent.headers[DeadLetterHeaders.uid]).toBeUndefined();
    expect(sent.value?.equals(first.value)).toBe(true);

    // Only the failed group saw it again: the source topic and the bystander group did not.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(taps.source!.records).toHaveLength(1);
    expect(bystander.filter((s) => s.eventId === eventId(first))).toEqual([
      { eventId: eventId(first), correlationId: eventId(first), replay: undefined },
    ]);
    expect(failing.timesApplied(eventId(first))).toBe(1);
  });

  it('records who replayed what: the action, the ledger row in its chain, and a DeadLetterReplayed event', async () => {
    const [action] = await db.dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM dead_letter_actions',
    );
    expect(action).toMatchObject({
      dead_letter_uid: deadLetter.uid,
      dlt_topic: topics.deadLetter,
      consumer_group: failing.groupId,
      event_id: eventId(first),
      action: 'replay',
      operator_id: 'alice',
    });
    const ledger = await db.dataSource.query<Record<string, unknown>[]>(
      "SELECT * FROM audit_ledger WHERE kind = 'replay'",
    );
    expect(ledger).toEqual([
      expect.objectContaining({
        actor: 'operator:alice',
        correlation_id: eventId(first),
        outcome: 'replayed',
        owner_team: 'network-ops',
        event_id: action.replay_id,
      }),
    ]);
    await waitFor('the ops event published', async () => {
      const rows = await db.dataSource.query<
        { sent_at: Date | null; headers: Record<string, string> }[]
      >("SELECT sent_at, headers FROM outbox WHERE topic = $1 AND headers->>'ce_type' = $2", [
        Topics.OpsAudit,
        'handoff.ops.DeadLetterReplayed',
      ]);
      return rows.length === 1 && rows[0].sent_at !== null && rows[0];
    });
  });

  it('refuses to replay it again without force', async () => {
    const report = await ops.replay({ refs: [deadLetter.ref], reason: 'again', operator: alice });
    expect(report.results[0]).toMatchObject({ outcome: 'refused' });
    expect(report.results[0].message).toMatch(/already replayed by alice/);
    expect((await ops.list({ group: failing.groupId })).items[0].status).toMatchObject({
      state: 'replayed',
      by: 'alice',
    });
  });

  it('absorbs a forced replay of an already-applied event in the inbox', async () => {
    const dry = await ops.replay({
      refs: [deadLetter.ref],
      reason: 'x',
      operator: alice,
      dryRun: true,
      force: true,
    });
    expect(dry.results[0].dryRun).toMatchObject({ alreadyApplied: true });

    const report = await ops.replay({
      refs: [deadLetter.ref],
      reason: 'forced',
      operator: alice,
      force: true,
      settleMs: 0,
    });
    expect(report.results[0].outcome).toBe('replayed');
    await waitFor('the second replay on the retry topic', () => taps.retry!.records.length === 2);
    await waitFor('the retry consumer past it', () =>
      groupCaughtUp(`${failing.groupId}.retry`, taps.retry!, topics.retry[0].name),
    );
    expect(failing.timesApplied(eventId(first))).toBe(1);
  });

  it('stops a bulk replay when replayed records fail again', async () => {
    failing.broken = true;
    const batch = Array.from({ length: 8 }, () =>
      services.stamper.stamp(activationRequested(topics.source, `sub-${randomUUID()}`)),
    );
    await services.producer.send(batch);
    await waitFor('8 more dead letters', () => taps.dlt!.records.length === 9);

    const report = await ops.replay({
      filter: { group: failing.groupId },
      reason: 'VENDOR.RECOVERED: too early',
      operator: alice,
      ratePerSecond: 2,
      maxFailures: 2,
      settleMs: 2_000,
    });
    expect(report.results).toHaveLength(8);
    expect(report.stopped).toBe(true);
    expect(report.counts.skipped).toBeGreaterThan(0);
    expect(report.counts.replayed).toBeLessThan(8);
    expect(report.failedAgain).toBeGreaterThan(2);
    const skipped = report.results.filter((r) => r.outcome === 'skipped');
    expect(skipped[0].message).toMatch(/more than 2 replayed records failed again/);
    expect(
      await count(db.dataSource, "SELECT 1 FROM dead_letter_actions WHERE action = 'replay'", []),
    ).toBe(2 + report.counts.replayed);
  });

  it('discards only with a reason, records it, and no longer replays it', async () => {
    const open = (await ops.list({ group: failing.groupId, status: 'open' })).items;
    const target = open[0].ref;
    await expect(ops.discard({ refs: [target], reason: '  ', operator: alice })).rejects.toThrow(
      InvalidDeadLetterInputError,
    );

    const [result] = await ops.discard({
      refs: [target],
      reason: 'DUPLICATE.ALREADY_HANDLED: activated by hand',
      operator: alice,
    });
    expect(result.outcome).toBe('discarded');
    expect(
      await count(
        db.dataSource,
        "SELECT 1 FROM dead_letter_actions WHERE action = 'discard' AND reason LIKE 'DUPLICATE%'",
        [],
      ),
    ).toBe(1);
    expect(
      await count(
        db.dataSource,
        "SELECT 1 FROM audit_ledger WHERE kind = 'discard' AND actor = 'operator:alice'",
        [],
      ),
    ).toBe(1);
    const discarded = (await ops.list({ group: failing.groupId, status: 'discarded' })).items;
    expect(discarded.map((d) => d.id)).toEqual([open[0].id]);
    const again = await ops.replay({ refs: [target], reason: 'oops', operator: alice });
    expect(again.results[0]).toMatchObject({ outcome: 'refused' });
    expect(again.results[0].message).toMatch(/discarded by alice/);
  });
});
