import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the MVNO's KPIs read (docs/kpis.md): when each activation's and each BSS payment's charge
 * was captured (rows captured before this migration take their last update's time, the closest
 * there is), and indexes so a period's KPIs are range reads: activations by request time, first
 * captures by subscriber, held activations by reason (the integration map counts them).
 */
export class KpiColumns1796302500000 implements MigrationInterface {
  name = 'KpiColumns1796302500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "activations" ADD COLUMN "captured_at" timestamptz NULL`);
    await q.query(
      `UPDATE "activations" SET "captured_at" = "updated_at" WHERE "payment_status" = 'captured'`,
    );
    await q.query(`ALTER TABLE "payment_requests" ADD COLUMN "captured_at" timestamptz NULL`);
    await q.query(
      `UPDATE "payment_requests" SET "captured_at" = "updated_at" WHERE "step" = 'captured'`,
    );
    await q.query(`CREATE INDEX "activations_requested_idx" ON "activations" ("requested_at")`);
    await q.query(
      `CREATE INDEX "activations_subscriber_captured_idx" ON "activations" ("subscriber_id", "captured_at") WHERE "captured_at" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "payment_requests_subscriber_captured_idx" ON "payment_requests" ("subscriber_id", "captured_at") WHERE "captured_at" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "activations_held_idx" ON "activations" ("reason_code") WHERE "state" = 'held'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "activations_held_idx"`);
    await q.query(`DROP INDEX "payment_requests_subscriber_captured_idx"`);
    await q.query(`DROP INDEX "activations_subscriber_captured_idx"`);
    await q.query(`DROP INDEX "activations_requested_idx"`);
    await q.query(`ALTER TABLE "payment_requests" DROP COLUMN "captured_at"`);
    await q.query(`ALTER TABLE "activations" DROP COLUMN "captured_at"`);
  }
}
