import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operational truth (`@handoff/operational-truth`): vendor probe results, incidents (a jeopardy or
 * an SLA breach of one operation of one integration point, open until it clears), the work items
 * in jeopardy, and each escalation level raised. Unique keys are what keep two watchers from
 * raising one jeopardy, opening one incident or paging one level twice. Also partial indexes on
 * open work, which the watcher reads every few seconds.
 */
export class OperationalTruth1796302700000 implements MigrationInterface {
  name = 'OperationalTruth1796302700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "vendor_probes" (
        "id" bigserial PRIMARY KEY,
        "integration_point" text NOT NULL,
        "vendor" text NOT NULL,
        "probed_at" timestamptz NOT NULL,
        "latency_ms" int NOT NULL,
        "outcome" text NOT NULL CHECK ("outcome" IN ('ok', 'failed')),
        "error_code" text NULL
      )`);
    await q.query(
      `CREATE INDEX "vendor_probes_point_idx" ON "vendor_probes" ("integration_point", "probed_at")`,
    );
    await q.query(`
      CREATE TABLE "ops_incidents" (
        "incident_id" text PRIMARY KEY,
        "kind" text NOT NULL CHECK ("kind" IN ('jeopardy', 'slaBreach')),
        "integration_point" text NOT NULL,
        "operation" text NOT NULL,
        "measure" text NULL CHECK ("measure" IN ('availability', 'latencyP95')),
        "target" text NULL,
        "actual" text NULL,
        "evidence" text[] NOT NULL DEFAULT '{}',
        "opened_at" timestamptz NOT NULL,
        "resolved_at" timestamptz NULL
      )`);
    // At most one open incident per point, kind and operation: a second watcher's insert conflicts.
    await q.query(`
      CREATE UNIQUE INDEX "ops_incidents_open_idx" ON "ops_incidents" ("kind", "integration_point", "operation")
        WHERE "resolved_at" IS NULL`);
    await q.query(
      `CREATE INDEX "ops_incidents_period_idx" ON "ops_incidents" ("integration_point", "opened_at")`,
    );
    await q.query(`
      CREATE TABLE "ops_jeopardies" (
        "operation" text NOT NULL,
        "work_ref" text NOT NULL,
        "incident_id" text NOT NULL REFERENCES "ops_incidents" ("incident_id"),
        "integration_point" text NOT NULL,
        "subject_id" text NULL,
        "correlation_id" text NOT NULL,
        "opened_at" timestamptz NOT NULL,
        "due_at" timestamptz NOT NULL,
        "raised_at" timestamptz NOT NULL,
        "cleared_at" timestamptz NULL,
        PRIMARY KEY ("operation", "work_ref")
      )`);
    await q.query(
      `CREATE INDEX "ops_jeopardies_open_idx" ON "ops_jeopardies" ("incident_id") WHERE "cleared_at" IS NULL`,
    );
    await q.query(`
      CREATE TABLE "ops_escalations" (
        "incident_id" text NOT NULL REFERENCES "ops_incidents" ("incident_id"),
        "level" int NOT NULL,
        "who" text NOT NULL,
        "contact" text NOT NULL,
        "after_ms" bigint NOT NULL,
        "raised_at" timestamptz NOT NULL,
        PRIMARY KEY ("incident_id", "level")
      )`);
    await q.query(`
      CREATE INDEX "activations_open_idx" ON "activations" ("requested_at")
        WHERE "state" IN ('acknowledged', 'inProgress', 'held')`);
    await q.query(`
      CREATE INDEX "line_requests_open_idx" ON "line_requests" ("kind", "created_at")
        WHERE "state" = 'inProgress'`);
    // The scorecard's and the breach watch's read of vendor calls per point and period.
    await q.query(`
      CREATE INDEX "audit_ledger_vendor_calls_idx" ON "audit_ledger" ("integration_point", "occurred_at")
        WHERE "kind" = 'vendor-call'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit_ledger_vendor_calls_idx"`);
    await q.query(`DROP INDEX "line_requests_open_idx"`);
    await q.query(`DROP INDEX "activations_open_idx"`);
    for (const table of ['ops_escalations', 'ops_jeopardies', 'ops_incidents', 'vendor_probes']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
