import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failures no SLA covers (`@handoff/operational-truth`, decision 93): an incident may now be of kind
 * `uncoveredFailure` (one per point and error category while open), and each failure seen is kept
 * once per incident, keyed, so that two watchers count a dead letter, and page for it, once.
 */
export class UncoveredFailures1796302920000 implements MigrationInterface {
  name = 'UncoveredFailures1796302920000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ops_incidents" DROP CONSTRAINT "ops_incidents_kind_check"`);
    await q.query(`
      ALTER TABLE "ops_incidents" ADD CONSTRAINT "ops_incidents_kind_check"
        CHECK ("kind" IN ('jeopardy', 'slaBreach', 'uncoveredFailure'))`);
    await q.query(`
      CREATE TABLE "ops_uncovered_failures" (
        "incident_id" text NOT NULL REFERENCES "ops_incidents" ("incident_id"),
        "failure_id" text NOT NULL,
        "integration_point" text NOT NULL,
        "category" text NOT NULL,
        "error_code" text NOT NULL,
        "observed_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        PRIMARY KEY ("incident_id", "failure_id")
      )`);
    await q.query(
      `CREATE INDEX "ops_uncovered_failures_failure_idx" ON "ops_uncovered_failures" ("failure_id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ops_uncovered_failures"`);
    await q.query(`DELETE FROM "ops_escalations" e USING "ops_incidents" i
                    WHERE e.incident_id = i.incident_id AND i.kind = 'uncoveredFailure'`);
    await q.query(`DELETE FROM "ops_incidents" WHERE "kind" = 'uncoveredFailure'`);
    await q.query(`ALTER TABLE "ops_incidents" DROP CONSTRAINT "ops_incidents_kind_check"`);
    await q.query(`
      ALTER TABLE "ops_incidents" ADD CONSTRAINT "ops_incidents_kind_check"
        CHECK ("kind" IN ('jeopardy', 'slaBreach'))`);
  }
}
