import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wholesale reconciliation (docs/usage.md): one row per `usage reconcile` run, with its counts per
 * outcome. The first run of a period is its first pass, whose share matched is the CDR
 * reconciliation accuracy KPI; the partial unique index lets only one run per period be it.
 */
export class UsageReconciliation1796302800000 implements MigrationInterface {
  name = 'UsageReconciliation1796302800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "usage_reconciliation_runs" (
        "run_id" uuid PRIMARY KEY,
        "period" text NOT NULL CHECK ("period" ~ '^\\d{4}-\\d{2}$'),
        "file_sha256" text NOT NULL,
        "file_name" text NOT NULL,
        "lines_read" bigint NOT NULL,
        "bad_lines" bigint NOT NULL,
        "matched" bigint NOT NULL,
        "mismatched" bigint NOT NULL,
        "only_invoice" bigint NOT NULL,
        "only_handoff" bigint NOT NULL,
        "unknown_lines" bigint NOT NULL,
        "charges_compared" boolean NOT NULL,
        "charges_currency" text NULL,
        "charges_matched" bigint NULL,
        "charges_mismatched" bigint NULL,
        "accuracy" numeric(7, 6) NULL,
        "first_pass" boolean NOT NULL,
        "ran_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "usage_reconciliation_first_pass_idx" ON "usage_reconciliation_runs" ("period") WHERE "first_pass"`,
    );
    await q.query(
      `CREATE INDEX "usage_reconciliation_period_idx" ON "usage_reconciliation_runs" ("period", "ran_at")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "usage_reconciliation_runs"`);
  }
}
