import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  EventTypes,
  type UsageAggregateCorrected,
  type UsageAggregated,
  type UsageRecordRejected,
} from '@handoff/contracts';
import {
  connectTopicAdmin,
  DeadLetterHeaders,
  groupTopicSpecs,
  Topics,
  type EventEnvelope,
} from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import { FeedDayStore, type UsageIngestionSettings } from '@handoff/usage-ingestion';
import {
  startUsageService,
  type RunningUsageService,
} from '../../../apps/usage/src/start-usage-service';
import { groupCaughtUp, produceRaw, TopicTap } from '../../support/backbone-harness';
import { killStrayChildren, outputTail, startTsProcess } from '../../support/child-process';
import { requireKcat } from '../../support/kcat';
import { confluentAvro } from '../../support/outside-avro';
import { infra, uniqueName, waitFor } from '../../support/test-infra';
import {
  createLine,
  expectedAggregates,
  generateCdrs,
  kcatUsageRecord,
  newImsi,
  usageCsv,
  usageRecord,
  type GeneratedCdr,
  type TestLine,
} from '../../support/usage-cdrs';

const HOUR = 3600_000;
const SETTINGS: UsageIngestionSettings = {
  lateAfterMs: 48 * HOUR,
  recycleLimitMs: 8_000,
  // Every day before today is closed at once: the hand-off happens within the test.
  dayCloseAfterMs: 0,
  recordRetentionMs: 45 * 24 * HOUR,
  housekeepingIntervalMs: 200,
};

describe('the usage service on the real broker and database', () => {
  const groupId = uniqueName('usage');
  const prefix = uniqueName('cdr');
  const now = Date.now();
  const recentDay = new Date(now - 30 * HOUR);
  const lateDay = new Date(now - 74 * HOUR);
  let db: DataSource;
  let service: RunningUsageService;
  let bss: TopicTap;
  let feed: TopicTap;
  let deadLetters: TopicTap;
  let dir: string;
  let file: string;
  let lines: Record<'a' | 'b' | 'c', TestLine>;
  let cdrs: GeneratedCdr[];

  const start = () =>
    startUsageService({ ingestion: SETTINGS, groupId, retryDelaysMs: [200], logLevel: 'silent' });

  beforeAll(async () => {
    await requireKcat();
    const admin = await connectTopicAdmin(infra.kafka);
    await admin.ensureTopics(groupTopicSpecs(groupId, [200]));
    await admin.close();
    db = await createDataSource(infra.databaseUrl).initialize();
    dir = mkdtempSync(join(tmpdir(), 'usage-ingestion-'));
    [bss, feed, deadLetters] = await Promise.all([
      TopicTap.open(Topics.UsageRecords, { fromNow: true }),
      TopicTap.open(Topics.UsageFeed, { fromNow: true }),
      TopicTap.open(`${groupId}.dlt`),
    ]);
    // Line c had another SIM before: its records under the old IMSI are still its own.
    const oldImsi = newImsi();
    lines = {
      a: await createLine(db.manager),
      b: await createLine(db.manager),
      c: { ...(await createLine(db.manager, { imsi: oldImsi })), imsi: oldImsi },
    };
    await db.query('UPDATE subscribers SET imsi = $1 WHERE subscriber_id = $2', [
      newImsi(),
      lines.c.subscriberId,
    ]);
    cdrs = [
      ...generateCdrs(prefix, lines.a, 120, recentDay, 1),
      ...generateCdrs(prefix, lines.a, 60, lateDay, 2),
      ...generateCdrs(prefix, { ...lines.b, by: 'msisdn' }, 80, recentDay, 3),
      ...generateCdrs(prefix, lines.c, 60, lateDay, 4),
    ];
    file = join(dir, `${prefix}.csv`);
    writeFileSync(file, usageCsv(cdrs));
    service = await start();
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([bss, feed, deadLetters].map((t) => t?.close()));
    await db?.destroy();
    await killStrayChildren();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runImport(...args: string[]) {
    const run = startTsProcess('apps/usage/src/cli.ts', {}, ['import', ...args]);
    const { code } = await run.exited;
    expect({ code, tail: outputTail(run) }).toMatchObject({ code: 0 });
  }

  const aggregateKey = (e: UsageAggregated | UsageAggregateCorrected) =>
    `${e.subscriberId}/${e.usageDay}/${e.usageType}`;

  function handedOn<T extends UsageAggregated | UsageAggregateCorrected>(
    type: string,
    subscribers: readonly string[],
  ): T[] {
    return bss
      .eventsOfType(type)
      .map((e: EventEnvelope) => e.data as T)
      .filter((d) => subscribers.includes(d.subscriberId));
  }

  const recordStates = async (recordIds: string[]) =>
    db.query<{ record_id: string; state: string; subscriber_id: string | null; late: boolean }[]>(
      'SELECT record_id, state, subscriber_id, late FROM usage_records WHERE record_id = ANY($1)',
      [recordIds],
    );

  it('hands each closed day on once, equal to a computation from the file to the byte and second, late records flagged', async () => {
    await runImport(file);
    const expected = expectedAggregates(cdrs, (at) => now - at > SETTINGS.lateAfterMs);
    const subscribers = Object.values(lines).map((l) => l.subscriberId);
    const events = await waitFor(
      'every aggregate handed on',
      () => {
        const found = handedOn<UsageAggregated>(EventTypes.UsageAggregated, subscribers);
        return found.length >= expected.size && found;
      },
      60_000,
    );
    expect(events).toHaveLength(expected.size);
    const handed = new Map(
      events.map((e) => [aggregateKey(e), { totals: e.totals, lateRecords: e.lateRecords }]),
    );
    expect(handed).toEqual(expected);
    expect(events.every((e) => e.version === 1 && e.planCode === 'UNL-5G-30')).toBe(true);

    const states = await recordStates(cdrs.map((c) => c.data.recordId));
    const late = cdrs.filter((c) => now - c.data.startedAt > SETTINGS.lateAfterMs);
    expect(states.filter((s) => s.state === 'guided')).toHaveLength(cdrs.length);
    expect(
      states
        .filter((s) => s.late)
        .map((s) => s.record_id)
        .sort(),
    ).toEqual(late.map((c) => c.data.recordId).sort());
    const [days] = await db.query<{ late: string }[]>(
      'SELECT sum(late) AS late FROM usage_feed_days WHERE feed_day >= $1::date',
      [new Date(now).toISOString().slice(0, 10)],
    );
    expect(Number(days.late)).toBeGreaterThanOrEqual(late.length);
    const delay = await new FeedDayStore().delay(db.manager);
    expect(delay.delaySeconds).toBeGreaterThan(0);
    const ready = await fetch(`http://127.0.0.1:${service.healthPort}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('counts a record once when it comes again after a restart, under new event ids or in the same file', async () => {
    await service.close();
    service = await start();
    const resent = [cdrs[0], cdrs[150], cdrs[300]];
    for (const cdr of resent) await kcatUsageRecord(dir, cdr.data);
    await runImport('--force', file);

    await feed.caughtUp();
    await waitFor('the group past every feed record', () =>
      groupCaughtUp(groupId, feed, Topics.UsageFeed),
    );
    const totals = await db.query<{ record_count: string; handed_record_count: string }[]>(
      `SELECT record_count, handed_record_count FROM usage_daily_totals
        WHERE subscriber_id = ANY($1)`,
      [Object.values(lines).map((l) => l.subscriberId)],
    );
    const counted = totals.reduce((n, t) => n + Number(t.record_count), 0);
    expect(counted).toBe(cdrs.length);
    expect(totals.every((t) => t.record_count === t.handed_record_count)).toBe(true);
  });

  it('re-sends an aggregate a late record changed as a correction with the delta and the new total', async () => {
    const day = new Date(lateDay.getTime() - HOUR);
    const record = usageRecord({
      recordId: `${prefix}-late-1`,
      imsi: lines.a.imsi,
      msisdn: null,
      recordType: 'voice',
      startedAt: day.getTime(),
      durationSeconds: 77,
    });
    await kcatUsageRecord(dir, record);
    const usageDay = day.toISOString().slice(0, 10);
    const before = handedOn<UsageAggregated>(EventTypes.UsageAggregated, [
      lines.a.subscriberId,
    ]).find((e) => e.usageDay === usageDay && e.usageType === 'voice');
    const [correction] = await waitFor('the correction', () => {
      const found = handedOn<UsageAggregateCorrected>(EventTypes.UsageAggregateCorrected, [
        lines.a.subscriberId,
      ]);
      return found.length > 0 && found;
    });
    const previous = before?.totals ?? {
      recordCount: 0,
      durationSeconds: 0,
      messageCount: 0,
      bytesUp: 0,
      bytesDown: 0,
    };
    expect(correction).toMatchObject({
      usageDay,
      usageType: 'voice',
      version: 2,
      delta: { recordCount: 1, durationSeconds: 77, messageCount: 0, bytesUp: 0, bytesDown: 0 },
      totals: {
        ...previous,
        recordCount: previous.recordCount + 1,
        durationSeconds: previous.durationSeconds + 77,
      },
      lateRecords: (before?.lateRecords ?? 0) + 1,
    });
  });

  it('keeps a record of an unknown IMSI recycled, then guides it once the line exists', async () => {
    const imsi = newImsi();
    const record = usageRecord({
      recordId: `${prefix}-unknown-1`,
      imsi,
      msisdn: null,
      recordType: 'sms',
      startedAt: recentDay.getTime(),
      messageCount: 3,
    });
    await kcatUsageRecord(dir, record);
    await waitFor('the record recycled', async () => {
      const [state] = await recordStates([record.recordId]);
      return state?.state === 'recycled';
    });
    const line = await createLine(db.manager, { imsi });

    const [aggregate] = await waitFor('its aggregate handed on', () => {
      const found = handedOn<UsageAggregated>(EventTypes.UsageAggregated, [line.subscriberId]);
      return found.length > 0 && found;
    });
    expect(aggregate).toMatchObject({
      usageDay: recentDay.toISOString().slice(0, 10),
      usageType: 'sms',
      totals: { recordCount: 1, messageCount: 3 },
    });
    expect(await recordStates([record.recordId])).toMatchObject([
      { state: 'guided', subscriber_id: line.subscriberId },
    ]);
  });

  it('dead-letters a malformed record while the records around it in its batch are guided', async () => {
    const record = (n: number, fields: Partial<Parameters<typeof usageRecord>[0]> = {}) =>
      usageRecord({
        recordId: `${prefix}-batch-${n}`,
        imsi: lines.b.imsi,
        msisdn: null,
        recordType: 'voice',
        startedAt: recentDay.getTime(),
        durationSeconds: 10,
        ...fields,
      });
    const cloudEvent = (id: string) => ({
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: 'mno/usage-feed',
      ce_type: EventTypes.UsageRecordDelivered,
    });
    const avro = (data: ReturnType<typeof usageRecord>) =>
      confluentAvro(EventTypes.UsageRecordDelivered, data);
    // One send, one key: one partition, fetched together.
    await produceRaw(Topics.UsageFeed, [
      { key: lines.b.imsi, value: avro(record(1)), headers: cloudEvent(`${prefix}-e1`) },
      {
        key: lines.b.imsi,
        value: avro(record(2, { durationSeconds: null })),
        headers: cloudEvent(`${prefix}-e2`),
      },
      {
        key: lines.b.imsi,
        value: Buffer.from('not avro at all'),
        headers: cloudEvent(`${prefix}-e3`),
      },
      { key: lines.b.imsi, value: avro(record(4)), headers: cloudEvent(`${prefix}-e4`) },
    ]);

    const letters = await waitFor('both dead letters', () => {
      const mine = deadLetters.records.filter((r) =>
        [`${prefix}-e2`, `${prefix}-e3`].includes(r.headers.ce_id),
      );
      return mine.length === 2 && mine;
    });
    const invalid = letters.find((r) => r.headers.ce_id === `${prefix}-e2`);
    expect(invalid?.headers).toMatchObject({
      [DeadLetterHeaders.errorCode]: 'USAGE.RECORD_INVALID',
      [DeadLetterHeaders.integrationPoint]: 'mno-usage-feed-to-handoff',
    });
    expect(invalid?.headers[DeadLetterHeaders.exceptionMessage]).toContain(
      'durationSeconds: required for voice',
    );
    const states = await waitFor('the good records guided', async () => {
      const found = await recordStates([record(1).recordId, record(4).recordId]);
      return found.length === 2 && found;
    });
    expect(states.map((s) => s.state)).toEqual(['guided', 'guided']);
    expect(await recordStates([record(2).recordId])).toEqual([]);
  });

  it('rejects a record whose line never appears once the recycling limit passes, and tells the BSS', async () => {
    const record = usageRecord({
      recordId: `${prefix}-never-1`,
      imsi: newImsi(),
      msisdn: null,
      recordType: 'data',
      startedAt: recentDay.getTime(),
      bytesUp: 10,
      bytesDown: 20,
    });
    await kcatUsageRecord(dir, record);
    const rejection = await waitFor(
      'the rejection',
      () =>
        bss
          .eventsOfType(EventTypes.UsageRecordRejected)
          .map((e) => e.data as UsageRecordRejected)
          .find((d) => d.recordId === record.recordId),
      30_000,
    );
    expect(rejection).toMatchObject({
      subjectId: record.imsi,
      recordType: 'data',
      startedAt: record.startedAt,
      reason: { code: 'USAGE.SUBSCRIBER_UNKNOWN' },
    });
    expect(await recordStates([record.recordId])).toMatchObject([{ state: 'rejected' }]);
  });
});
