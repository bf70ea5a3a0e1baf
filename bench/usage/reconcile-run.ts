import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTsProcess } from '../../test/support/child-process';
import { migratedDatabase, type TestDatabase } from '../../test/support/test-infra';

export const DAYS = 30;
const PERIOD = '2026-11';
/** One line in this many bills 1000 seconds more than Handoff accepted. */
const MISMATCH_EVERY = 1_000;

export interface ReconcileTiming {
  lines: number;
  subscribers: number;
  mismatches: number;
  seconds: number;
  /** The report's own split: `took … reading and loading, … comparing, … publishing`. */
  phases: string;
}

const voice = (s: number, d: number) => ((s * 7 + d) % 3600) + 1;
const sms = (s: number, d: number) => ((s + d) % 20) + 1;
const data = (s: number, d: number) => (((s * 13 + d) % 1000) + 1) * 1000;
const imsi = (s: number) => `310260${String(s).padStart(9, '0')}`;

/** Lines and their accepted usage, generated inside PostgreSQL (the same formulas as the file). */
async function seed(db: TestDatabase, subscribers: number): Promise<void> {
  await db.dataSource.query(
    `INSERT INTO line_identities (subscriber_id, kind, value, valid_from)
     SELECT 'sub-' || s, 'imsi', '310260' || lpad(s::text, 9, '0'), '2026-10-01'
       FROM generate_series(0, $1 - 1) s`,
    [subscribers],
  );
  await db.dataSource.query(
    `INSERT INTO usage_daily_totals (subscriber_id, usage_day, usage_type, record_count,
       duration_seconds, message_count, bytes_up, bytes_down, late_records)
     SELECT 'sub-' || s, ('2026-11-01'::date + d), t.type, 1,
            CASE t.type WHEN 'voice' THEN (s * 7 + d) % 3600 + 1 ELSE 0 END,
            CASE t.type WHEN 'sms' THEN (s + d) % 20 + 1 ELSE 0 END,
            0, CASE t.type WHEN 'data' THEN ((s * 13 + d) % 1000 + 1) * 1000 ELSE 0 END, 0
       FROM generate_series(0, $1 - 1) s, generate_series(0, ${DAYS - 1}) d,
            (VALUES ('voice'), ('sms'), ('data')) t(type)`,
    [subscribers],
  );
  await db.dataSource.query('ANALYZE usage_daily_totals; ANALYZE line_identities');
}

async function writeInvoice(path: string, lines: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('imsi,msisdn,usage_day,voice_seconds,sms_count,data_bytes,charge_minor,currency\n');
  let mismatches = 0;
  for (let i = 0; i < lines; i += 1) {
    const s = Math.floor(i / DAYS);
    const d = i % DAYS;
    const extra = i % MISMATCH_EVERY === 0 ? 1000 : 0;
    mismatches += extra > 0 ? 1 : 0;
    const day = `${PERIOD}-${String(d + 1).padStart(2, '0')}`;
    const line = `${imsi(s)},,${day},${voice(s, d) + extra},${sms(s, d)},${data(s, d)},0,USD\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return mismatches;
}

/**
 * `usage reconcile` (the CLI, as a child process) on a generated invoice of `lines` lines against
 * as many subscriber days of accepted usage in a scratch database; one line in a thousand
 * mismatches (and is published as a dispute). Fails unless exactly those are found.
 */
export async function timeReconcile(lines: number): Promise<ReconcileTiming> {
  const subscribers = Math.ceil(lines / DAYS);
  const db = await migratedDatabase('bench_reconcile');
  const dir = mkdtempSync(join(tmpdir(), 'bench-reconcile-'));
  try {
    const file = join(dir, 'invoice.csv');
    await seed(db, subscribers);
    const mismatches = await writeInvoice(file, lines);
    const started = Date.now();
    const run = startTsProcess('apps/usage/src/cli.ts', { DATABASE_URL: db.scratch.url }, [
      'reconcile',
      '--period',
      PERIOD,
      file,
      '--show',
      '0',
    ]);
    const { code } = await run.exited;
    const seconds = (Date.now() - started) / 1000;
    const report = run.output();
    if (code !== 1 || !report.includes(`mismatched     ${String(mismatches).padStart(5)}`)) {
      throw new Error(`unexpected result (exit ${code}):\n${report.slice(-2000)}`);
    }
    const phases = report.split('\n').find((l) => l.startsWith('took')) ?? '';
    return { lines, subscribers, mismatches, seconds, phases };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.close();
  }
}

export function reconcileLine(t: ReconcileTiming): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `usage reconcile (${n(t.lines)} invoice lines, ${n(t.subscribers)} subscribers x ${DAYS} days, ` +
    `${t.mismatches} mismatches published): ${t.seconds.toFixed(1)} s end to end (CLI start, ` +
    `parse, load, map, join, publish, store), ${n(Math.round(t.lines / t.seconds))} lines/s; ${t.phases}`
  );
}
