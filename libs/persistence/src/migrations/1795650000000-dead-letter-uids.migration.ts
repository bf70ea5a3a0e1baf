import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ops decisions on dead letters are keyed by the id the consumer writes into each dead-letter
 * record (`handoff_dead_letter_uid`), not by its topic, partition and offset, which restart when a
 * topic is recreated or moves to another cluster (decision 23). Rows recorded before keep a null id
 * and still apply to the record without an id at their position.
 *
 * `down` forgets the ids, and with them which decision was on which record where several share a
 * position: the previous code reads every row by position, as it did before.
 */
export class DeadLetterUids1795650000000 implements MigrationInterface {
  name = 'DeadLetterUids1795650000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "dead_letter_actions" ADD COLUMN "dead_letter_uid" text NULL`);
    await q.query(
      `CREATE INDEX "dead_letter_actions_uid_idx" ON "dead_letter_actions" ("dead_letter_uid")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "dead_letter_actions_uid_idx"`);
    await q.query(`ALTER TABLE "dead_letter_actions" DROP COLUMN "dead_letter_uid"`);
  }
}
