import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The orchestrator's rounds of reading the MNO when its hub may have stopped calling
 * (docs/lifecycle.md, decision 73): one row per poll, locked by the instance doing a round
 * (`FOR UPDATE SKIP LOCKED`), with where the last round got to in the MNO's own clock and when it
 * ran. Owned by `libs/activation-saga` (`MnoPollState`).
 */
export class MnoPolls1795721000000 implements MigrationInterface {
  name = 'MnoPolls1795721000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "mno_polls" (
        "poll" text PRIMARY KEY,
        "read_through" timestamptz NULL,
        "last_round_at" timestamptz NULL
      )`);
    await q.query(`INSERT INTO "mno_polls" ("poll") VALUES ('port-outs')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mno_polls"`);
  }
}
