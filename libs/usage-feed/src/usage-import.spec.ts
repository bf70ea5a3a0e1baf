import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageRecordDelivered } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { USAGE_CSV_COLUMNS } from './usage-csv.columns';
import { usageEventId } from './usage-event';
import { UsageImporter, UsageImportStopped } from './usage-import';

const HEADER = USAGE_CSV_COLUMNS.join(',');
const sms = (id: string) => `${id},sms,310260123456789,,mo,2026-12-02T14:05:00Z,,,,1,false,,,US`;

describe('UsageImporter', () => {
  let dir: string;
  let published: NewEvent[][];
  const file = (name: string, lines: string[], eol = '\n') => {
    const path = join(dir, name);
    writeFileSync(path, lines.join(eol) + eol);
    return path;
  };
  const importer = (batchSize = 2) =>
    new UsageImporter({ publish: async (events) => void published.push([...events]), batchSize });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'usage-feed-'));
    published = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes good lines in batches, with the file and line they came from and stable ids', async () => {
    const path = file('a.csv', [HEADER, sms('r1'), '', sms('r2'), 'r3,sms', sms('r4')], '\r\n');
    const run = importer();
    const [inspected] = await run.inspect([path]);
    const summary = await run.importFile(inspected);

    expect(summary).toMatchObject({ linesRead: 4, published: 3, duplicates: 0, bad: 1 });
    expect(summary.badLines).toEqual([{ lineNumber: 5, reason: '2 fields, the header has 14' }]);
    expect(published.map((batch) => batch.length)).toEqual([2, 1]);
    const events = published.flat();
    expect(events.map((e) => e.id)).toEqual(['r1', 'r2', 'r4'].map(usageEventId));
    expect((events[2].data as UsageRecordDelivered).source).toEqual({
      fileName: 'a.csv',
      fileSha256: inspected.sha256,
      lineNumber: 6,
    });
    expect(inspected.lines).toBe(6);
  });

  it('publishes a record id once in a run, whichever file repeats it', async () => {
    const run = importer(10);
    const files = await run.inspect([
      file('a.csv', [HEADER, sms('r1'), sms('r1')]),
      file('b.csv', [HEADER, sms('r1'), sms('r2')]),
    ]);
    const summaries = [];
    for (const f of files) summaries.push(await run.importFile(f));
    expect(summaries.map((s) => [s.published, s.duplicates])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('keeps the first bad lines and counts the rest', async () => {
    const run = new UsageImporter({ publish: async () => undefined, maxBadLinesKept: 1 });
    const [inspected] = await run.inspect([file('a.csv', [HEADER, 'x', 'y', 'z'])]);
    const summary = await run.importFile(inspected);
    expect(summary.bad).toBe(3);
    expect(summary.badLines.map((b) => b.lineNumber)).toEqual([2]);
  });

  it('stops with what was published when the broker fails, as a retryable error', async () => {
    let calls = 0;
    const run = new UsageImporter({
      batchSize: 1,
      publish: async () => {
        calls += 1;
        if (calls === 2) throw new Error('broker gone');
      },
    });
    const [inspected] = await run.inspect([file('a.csv', [HEADER, sms('r1'), sms('r2')])]);
    const stopped = await run.importFile(inspected).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(UsageImportStopped);
    expect(stopped).toMatchObject({ retryable: true, summary: { published: 1 } });
  });

  it('gives the same digest to the same content under another name', async () => {
    const lines = [HEADER, sms('r1')];
    const [a, b] = await importer().inspect([file('a.csv', lines), file('b.csv', lines)]);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
