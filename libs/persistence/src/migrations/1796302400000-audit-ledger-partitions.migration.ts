import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger becomes a table partitioned by month of `occurred_at` (decision 59,
 * docs/audit-ledger.md): a month past the retention is dropped whole instead of deleted row by
 * row, and look-ups by correlation id stay index probes per month. A partitioned table's unique
 * index must hold the partition key, so the redelivery guard becomes (event_id, kind, actor,
 * occurred_at): every writer that gives an event id takes `occurred_at` from the event itself,
 * so a redelivered event has the same key. A DEFAULT partition takes rows outside the months
 * created so far (an event stamped years back, or ahead by a bad clock); the audit lib's
 * maintenance moves them out when their month is created. Existing rows are copied over.
 */
export class AuditLedgerPartitions1796302400000 implements MigrationInterface {
  name = 'AuditLedgerPartitions1796302400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_ledger" RENAME TO "audit_ledger_unpartitioned"`);
    await q.query(
      `ALTER INDEX "audit_ledger_correlation_idx" RENAME TO "audit_ledger_unpartitioned_correlation_idx"`,
    );
    await q.query(
      `ALTER INDEX "audit_ledger_event_idx" RENAME TO "audit_ledger_unpartitioned_event_idx"`,
    );
    await q.query(`ALTER INDEX "audit_ledger_pkey" RENAME TO "audit_ledger_unpartitioned_pkey"`);
    await q.query(`
      CREATE TABLE "audit_ledger" (
        "id" bigint NOT NULL DEFAULT nextval('audit_ledger_id_seq'),
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        "occurred_at" timestamptz NOT NULL,
        "correlation_id" text NOT NULL,
        "causation_id" text NULL,
        "event_id" text NULL,
        "event_type" text NULL,
        "kind" text NOT NULL,
        "actor" text NOT NULL,
        "integration_point" text NOT NULL,
        "owner_team" text NOT NULL,
        "subject_masked" text NULL,
        "summary" jsonb NOT NULL DEFAULT '{}',
        "outcome" text NOT NULL,
        "http_status" int NULL,
        "latency_ms" int NULL,
        "attempt" int NULL,
        PRIMARY KEY ("id", "occurred_at")
      ) PARTITION BY RANGE ("occurred_at")`);
    await q.query(`ALTER SEQUENCE "audit_ledger_id_seq" OWNED BY "audit_ledger"."id"`);
    await q.query(
      `CREATE INDEX "audit_ledger_correlation_idx" ON "audit_ledger" ("correlation_id", "occurred_at", "id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "audit_ledger_event_idx" ON "audit_ledger" ("event_id", "kind", "actor", "occurred_at") WHERE "event_id" IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "audit_ledger_default" PARTITION OF "audit_ledger" DEFAULT`);
    // One partition per month that holds rows today, plus this month and the next three.
    await q.query(`
      DO $$
      DECLARE m timestamp;
      BEGIN
        FOR m IN
          SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') FROM audit_ledger_unpartitioned
          UNION
          SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'UTC'),
                                 date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
                                 interval '1 month')
        LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_ledger FOR VALUES FROM (%L) TO (%L)',
            'audit_ledger_' || to_char(m, 'YYYY_MM'), m::text || '+00', (m + interval '1 month')::text || '+00');
        END LOOP;
      END $$`);
    await q.query(`INSERT INTO "audit_ledger" SELECT * FROM "audit_ledger_unpartitioned"`);
    await q.query(`DROP TABLE "audit_ledger_unpartitioned"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_ledger" RENAME TO "audit_ledger_partitioned"`);
    await q.query(
      `ALTER INDEX "audit_ledger_correlation_idx" RENAME TO "audit_ledger_partitioned_correlation_idx"`,
    );
    await q.query(
      `ALTER INDEX "audit_ledger_event_idx" RENAME TO "audit_ledger_partitioned_event_idx"`,
    );
    await q.query(`ALTER INDEX "audit_ledger_pkey" RENAME TO "audit_ledger_partitioned_pkey"`);
    await q.query(
      `CREATE TABLE "audit_ledger" (LIKE "audit_ledger_partitioned" INCLUDING DEFAULTS)`,
    );
    await q.query(`ALTER TABLE "audit_ledger" ADD PRIMARY KEY ("id")`);
    await q.query(`ALTER SEQUENCE "audit_ledger_id_seq" OWNED BY "audit_ledger"."id"`);
    await q.query(
      `CREATE INDEX "audit_ledger_correlation_idx" ON "audit_ledger" ("correlation_id", "occurred_at", "id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "audit_ledger_event_idx" ON "audit_ledger" ("event_id", "kind", "actor") WHERE "event_id" IS NOT NULL`,
    );
    await q.query(
      `INSERT INTO "audit_ledger" SELECT * FROM "audit_ledger_partitioned" ON CONFLICT DO NOTHING`,
    );
    await q.query(`DROP TABLE "audit_ledger_partitioned"`);
  }
}
