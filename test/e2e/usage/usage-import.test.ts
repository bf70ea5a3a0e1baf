import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes, type UsageRecordDelivered } from '@handoff/contracts';
import type { DataSource } from 'typeorm';
import { Topics } from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import { usageEventId } from '@handoff/usage-feed';
import { TopicTap } from '../../support/backbone-harness';
import { killStrayChildren, outputTail, startTsProcess } from '../../support/child-process';
import { infra, uniqueName } from '../../support/test-infra';

const HEADER =
  'record_id,record_type,imsi,msisdn,direction,start_time,duration_seconds,bytes_up,bytes_down,message_count,roaming,serving_plmn,cell_id,zone';
const IMSI = '310260123456789';

/** A file of good, duplicate and bad lines; record ids unique to this run (the topic is shared). */
function mixedFile(prefix: string): string {
  return [
    HEADER,
    `${prefix}-1,voice,${IMSI},14155550123,mo,2026-12-02T14:03:11Z,65,,,,false,310260,310260-0A1B2C3,US`,
    `${prefix}-2,sms,${IMSI},,mt,2026-12-02T14:05:00Z,,,,2,false,,,US`,
    `${prefix}-1,voice,${IMSI},14155550123,mo,2026-12-02T14:03:11Z,65,,,,false,310260,310260-0A1B2C3,US`,
    `${prefix}-3,data,,14155550123,,2026-12-02T23:59:59.500Z,1800,1000,200000,,true,23410,,EU1`,
    `${prefix}-4,voice,${IMSI},,mo,2026-12-02 14:03:11,65,,,,false,,,US`,
    `${prefix}-5,sms,${IMSI},,mt,2026-12-02T14:05:00Z,,,,2,false`,
    '',
  ].join('\n');
}

async function runImport(args: string[], env: Record<string, string> = {}) {
  const run = startTsProcess('apps/usage/src/cli.ts', env, ['import', ...args]);
  const { code } = await run.exited;
  return { code, output: run.output(), tail: () => outputTail(run) };
}

describe('usage import, as a child process on the real broker', () => {
  let tap: TopicTap;
  let dir: string;
  let db: DataSource;

  beforeAll(async () => {
    db = await createDataSource(infra.databaseUrl).initialize();
    tap = await TopicTap.open(Topics.UsageFeed, { fromNow: true });
    dir = mkdtempSync(join(tmpdir(), 'usage-import-'));
  });

  afterAll(async () => {
    await db?.destroy();
    await tap.close();
    await killStrayChildren();
    rmSync(dir, { recursive: true, force: true });
  });

  function published(prefix: string) {
    return tap
      .eventsOfType(EventTypes.UsageRecordDelivered)
      .filter((e) => (e.data as UsageRecordDelivered).recordId.startsWith(`${prefix}-`));
  }

  it('publishes each good line once, keyed by IMSI, and reports bad lines by number (exit 1)', async () => {
    const prefix = uniqueName('cdr');
    const file = join(dir, `${prefix}.csv`);
    writeFileSync(file, mixedFile(prefix));
    const run = await runImport([file]);
    expect({ code: run.code, tail: run.tail() }).toMatchObject({ code: 1 });
    expect(run.output).toContain('6 lines read, 3 published, 1 duplicate, 2 bad');
    expect(run.output).toMatch(/line 6: start_time: "2026-12-02 14:03:11" is not an ISO 8601/);
    expect(run.output).toContain('line 7: 11 fields, the header has 14');

    await tap.caughtUp();
    const events = published(prefix);
    expect(events.map((e) => (e.data as UsageRecordDelivered).recordId).sort()).toEqual(
      [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`].sort(),
    );
    for (const event of events) {
      const data = event.data as UsageRecordDelivered;
      expect(event.id).toBe(usageEventId(data.recordId));
      expect(event.integrationPoint).toBe('mno-usage-feed-to-handoff');
      expect(event.subject).toBe(data.imsi ?? data.msisdn);
    }
    const data = events.find((e) => e.subject === '14155550123')?.data as UsageRecordDelivered;
    expect(data).toMatchObject({
      recordType: 'data',
      startedAt: Date.parse('2026-12-02T23:59:59.500Z'),
      bytesUp: 1000,
      bytesDown: 200000,
      roaming: true,
      source: { fileName: `${prefix}.csv`, lineNumber: 5 },
    });
  });

  it('skips a file already imported, even renamed, and publishes the same event ids when forced', async () => {
    const prefix = uniqueName('cdr');
    const file = join(dir, `${prefix}.csv`);
    const renamed = join(dir, `${prefix}-resent.csv`);
    const content = [HEADER, ...mixedFile(prefix).split('\n').slice(1, 3)].join('\n');
    writeFileSync(file, content);
    writeFileSync(renamed, content);
    const first = await runImport([file]);
    const again = await runImport([renamed]);
    const forced = await runImport(['--force', file]);
    expect([first.code, again.code, forced.code]).toEqual([0, 0, 0]);
    expect(again.output).toMatch(
      new RegExp(
        `${prefix}-resent\\.csv: already imported on \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z as ${prefix}\\.csv \\(2 published\\); skipped`,
      ),
    );
    expect(forced.output).toContain('2 lines read, 2 published');

    await tap.caughtUp();
    const ids = published(prefix).map((e) => e.id);
    expect(ids).toHaveLength(4);
    expect(ids.slice(2).sort()).toEqual(ids.slice(0, 2).sort());

    // Audited per file imported (the skipped re-send imported nothing), never per record.
    const trail = await db.query<{ actor: string; outcome: string; summary: object }[]>(
      `SELECT actor, outcome, summary FROM audit_ledger
        WHERE kind = 'file-imported' AND summary->>'fileName' LIKE $1 ORDER BY id`,
      [`${prefix}%`],
    );
    const imported = { fileName: `${prefix}.csv`, linesRead: 2, published: 2, bad: 0 };
    expect(trail).toEqual([
      {
        actor: 'handoff/usage-import',
        outcome: 'ok',
        summary: expect.objectContaining({ ...imported, forced: false }),
      },
      {
        actor: 'handoff/usage-import',
        outcome: 'ok',
        summary: expect.objectContaining({ ...imported, forced: true }),
      },
    ]);
  });

  it('exits 2 and publishes nothing when a file is missing or its header is not the format', async () => {
    const prefix = uniqueName('cdr');
    const good = join(dir, `${prefix}.csv`);
    const wrongHeader = join(dir, `${prefix}-header.csv`);
    writeFileSync(good, mixedFile(prefix));
    writeFileSync(wrongHeader, HEADER.replace('bytes_up', 'bytes_upload'));

    const missing = await runImport([good, join(dir, 'absent.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/absent\.csv: cannot read: ENOENT/);
    const header = await runImport([good, wrongHeader]);
    expect(header.code).toBe(2);
    expect(header.output).toContain('unknown column "bytes_upload"; missing column "bytes_up"');

    await tap.caughtUp();
    expect(published(prefix)).toHaveLength(0);
  });

  it('exits 2 when Kafka cannot be reached', async () => {
    const prefix = uniqueName('cdr');
    const file = join(dir, `${prefix}.csv`);
    writeFileSync(file, mixedFile(prefix));
    const run = await runImport([file], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect({ code: run.code, tail: run.tail() }).toMatchObject({ code: 2 });
    expect(run.output).toContain('publishing stopped');
  });
});
