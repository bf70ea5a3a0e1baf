import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care looks a subscriber up by subscriber id, MSISDN or ICCID (docs/care.md). `subscribers` has
 * all three indexed; `activations` (libs/activation-saga) only its ICCID, so an activation that
 * has not made a line yet (held during an MNO outage) is found by the other two through these.
 */
export class CareLookupIndexes1796303200000 implements MigrationInterface {
  name = 'CareLookupIndexes1796303200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "activations_subscriber_idx" ON "activations" ("subscriber_id") WHERE "subscriber_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "activations_msisdn_idx" ON "activations" ("msisdn") WHERE "msisdn" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "activations_msisdn_idx"`);
    await q.query(`DROP INDEX "activations_subscriber_idx"`);
  }
}
