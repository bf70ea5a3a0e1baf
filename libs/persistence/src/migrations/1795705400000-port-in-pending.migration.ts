import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a lifecycle request was first reported waiting on a third party (a port-in's donor), so its
 * `PortInPending` is announced once however many times the waiting record is looked at again.
 */
export class PortInPending1795705400000 implements MigrationInterface {
  name = 'PortInPending1795705400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "line_requests" ADD COLUMN "pending_at" timestamptz NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "line_requests" DROP COLUMN "pending_at"`);
  }
}
