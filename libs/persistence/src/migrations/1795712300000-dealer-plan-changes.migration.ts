import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plan changes dealers ask for through the gateway (docs/gateway.md): the request id the gateway
 * gave each, who asked, for which line and plan, and the Idempotency-Key it came with, so a retry
 * gets the same request back and nothing is published twice. Keys are unique per dealer among
 * plan changes, as `idempotency_keys` holds them among activations. The activations index serves
 * the gateway's check that a line is the calling dealer's.
 */
export class DealerPlanChanges1795712300000 implements MigrationInterface {
  name = 'DealerPlanChanges1795712300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "dealer_plan_changes" (
        "request_id" text PRIMARY KEY,
        "dealer_id" text NOT NULL,
        "subscriber_id" text NOT NULL,
        "plan_code" text NOT NULL,
        "correlation_id" text NOT NULL,
        "idempotency_key" text NULL,
        "request_hash" text NOT NULL,
        "requested_at" timestamptz NOT NULL,
        CONSTRAINT "dealer_plan_changes_key" UNIQUE ("dealer_id", "idempotency_key")
      )`);
    await q.query(
      `CREATE INDEX "activations_dealer_subscriber_idx" ON "activations" ("dealer_id", "subscriber_id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "activations_dealer_subscriber_idx"`);
    await q.query(`DROP TABLE "dealer_plan_changes"`);
  }
}
