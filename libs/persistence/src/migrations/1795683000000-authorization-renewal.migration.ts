import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment authorization lapses (card networks: about 7 days), and an activation may wait longer
 * than that (an MNO order pending, or held through an MNO outage). The row keeps when the current
 * hold lapses, so the saga renews it in time without asking the processor on every pass, and which
 * authorization round it is (1 for the first), from which the idempotency keys of the renewal, its
 * capture and its void are derived. Rows from before have none: their hold is never renewed.
 */
export class AuthorizationRenewal1795683000000 implements MigrationInterface {
  name = 'AuthorizationRenewal1795683000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "activations"
        ADD COLUMN "authorization_expires_at" timestamptz NULL,
        ADD COLUMN "authorization_round" integer NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "activations"
        DROP COLUMN "authorization_round",
        DROP COLUMN "authorization_expires_at"`);
  }
}
