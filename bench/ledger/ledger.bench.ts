import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import { readTrace, recordLedger, type LedgerEntry } from '@handoff/audit';
import { migratedDatabase } from '../../test/support/test-infra';
import { writeReadmeSection } from '../shared/readme-section';

const BATCH = 500;

const schema = z.object({
  BENCH_LEDGER_ROWS: z.coerce
    .number({ invalid_type_error: 'must be a number of rows, e.g. 200000' })
    .int()
    .min(10_000, 'must be at least 10000 rows, or the per-million figure is noise')
    .default(200_000),
});

/** A row as the audit ledger writes one per business event: ids, a state, a masked subject. */
function eventRow(i: number, at: Date): LedgerEntry {
  const correlationId = randomUUID();
  return {
    occurredAt: at,
    correlationId,
    causationId: randomUUID(),
    eventId: randomUUID(),
    eventType: 'handoff.activation.SubscriberActivated',
    kind: 'event-published',
    actor: 'handoff/orchestrator',
    integrationPoint: 'handoff-to-bss',
    ownerTeam: 'bss-integration',
    subject: `sub-${String(i).padStart(9, '0')}`,
    summary: {
      activationId: randomUUID(),
      planCode: 'UNL-5G-30',
      channel: 'dealer',
      state: 'active',
    },
    outcome: 'ok',
  };
}

/**
 * `npm run bench:ledger`: writes BENCH_LEDGER_ROWS ledger rows (one per business event, as the
 * audit ledger does) into a scratch database's partitioned ledger, then prints bytes per million
 * rows (table, indexes, TOAST) and how long a trace look-up takes at that size.
 */
async function main(): Promise<void> {
  const { BENCH_LEDGER_ROWS: rows } = loadConfig(schema, process.env);
  const db = await migratedDatabase('bench-ledger');
  try {
    const started = Date.now();
    let written = 0;
    const base = Date.now();
    while (written < rows) {
      const n = Math.min(BATCH, rows - written);
      const batch = Array.from({ length: n }, (_, k) =>
        eventRow(written + k, new Date(base + written + k)),
      );
      await recordLedger(db.dataSource, batch);
      written += n;
      if (written % 50_000 === 0) process.stdout.write(`  ${written} rows\n`);
    }
    const writeSeconds = (Date.now() - started) / 1000;
    await db.dataSource.query('ANALYZE audit_ledger');
    const [size] = await db.dataSource.query<{ heap: string; idx: string }[]>(
      `SELECT sum(pg_table_size(c.oid))::bigint AS heap, sum(pg_indexes_size(c.oid))::bigint AS idx
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_ledger'::regclass`,
    );
    const perMillion = (bytes: number) => (bytes * 1_000_000) / rows / 2 ** 20;
    const heap = Number(size?.heap ?? 0);
    const idx = Number(size?.idx ?? 0);
    const [probe] = await db.dataSource.query<{ correlation_id: string }[]>(
      'SELECT correlation_id FROM audit_ledger ORDER BY random() LIMIT 1',
    );
    const lookups = 200;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < lookups; i += 1)
      await readTrace(db.dataSource, probe?.correlation_id ?? '');
    const lookupMs = Number(process.hrtime.bigint() - t0) / 1e6 / lookups;
    const lines = [
      `Ledger growth (bench:ledger, ${rows.toLocaleString('en-US')} rows, one per business event, written ${BATCH} per statement):`,
      '',
      `- per million rows: ${perMillion(heap).toFixed(0)} MiB of rows, ${perMillion(idx).toFixed(0)} MiB of indexes, ${perMillion(heap + idx).toFixed(0)} MiB in all`,
      `- written at ${Math.round(rows / writeSeconds).toLocaleString('en-US')} rows/s; a trace look-up by correlation id: ${lookupMs.toFixed(2)} ms`,
    ];
    for (const line of lines) console.log(line);
    writeReadmeSection('ledger', lines);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
