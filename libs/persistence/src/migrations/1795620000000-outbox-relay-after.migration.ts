import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consumers publish what their handlers emitted right after commit (the fast path) and mark it
 * sent; the relay is then only the safety net for rows whose fast path did not finish. `relay_after`
 * tells the relay when a row is its business, so it does not race the fast path and re-send.
 */
export class OutboxRelayAfter1795620000000 implements MigrationInterface {
  name = 'OutboxRelayAfter1795620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "outbox" ADD COLUMN "relay_after" timestamptz NOT NULL DEFAULT now()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "relay_after"`);
  }
}
