import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The line's lifecycle (docs/lifecycle.md), on the saga's `subscribers` table rather than a second
 * table of lines: `status` becomes `state`, limited to TMF638's service states, with the reason a
 * line is suspended and the request whose MNO order is still open on it. Today's rows were only
 * ever `active` or `suspended`, which keep their name; anything else stops the migration, since it
 * is a line nobody knows the state of. `line_requests` remembers every lifecycle request id of each
 * subscriber and what became of it, so a request repeated under a new event id changes nothing
 * (ids are the requester's, so they are unique per subscriber, not across subscribers), and holds
 * what an open request will make of the line (its `target_*`) until its order settles.
 */
export class LineLifecycle1795700000000 implements MigrationInterface {
  name = 'LineLifecycle1795700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "subscribers" RENAME COLUMN "status" TO "state"`);
    await q.query(`
      ALTER TABLE "subscribers"
        ADD COLUMN "suspension_reason" text NULL,
        ADD COLUMN "open_request_id" text NULL,
        ADD CONSTRAINT "subscribers_state_tmf638"
          CHECK ("state" IN ('designed', 'active', 'suspended', 'terminated')),
        ADD CONSTRAINT "subscribers_suspension_reason_when_suspended"
          CHECK ("suspension_reason" IS NULL OR "state" = 'suspended')`);
    await q.query(`CREATE INDEX "subscribers_msisdn_idx" ON "subscribers" ("msisdn")`);
    await q.query(`
      CREATE TABLE "line_requests" (
        "subscriber_id" text NOT NULL,
        "request_id" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN
          ('planChange', 'suspension', 'resumption', 'deactivation', 'portIn', 'simSwap', 'portOut')),
        "state" text NOT NULL CHECK ("state" IN ('inProgress', 'completed', 'failed', 'rejected')),
        "event_id" text NOT NULL,
        "correlation_id" text NOT NULL,
        "target_state" text NULL,
        "target_plan_code" text NULL,
        "target_iccid" text NULL,
        "target_msisdn" text NULL,
        "target_suspension_reason" text NULL,
        "mno_order_id" text NULL,
        "reason_code" text NULL,
        "requested_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "settled_at" timestamptz NULL,
        CHECK (("state" = 'inProgress') = ("settled_at" IS NULL)),
        PRIMARY KEY ("subscriber_id", "request_id"),
        CHECK ("state" = 'rejected' OR "target_state" IS NOT NULL)
      )`);
    // What open requests are bringing to a line, so no other line may take it meanwhile.
    await q.query(`
      CREATE INDEX "line_requests_open_targets_idx" ON "line_requests" ("target_iccid", "target_msisdn")
        WHERE "state" = 'inProgress'`);
    await q.query(`
      ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_open_request_fk"
        FOREIGN KEY ("subscriber_id", "open_request_id")
        REFERENCES "line_requests" ("subscriber_id", "request_id")`);
  }

  /** Back to `status`; a line designed or terminated since keeps that word, which reads as not active. */
  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "subscribers" DROP CONSTRAINT "subscribers_open_request_fk"`);
    await q.query(`DROP TABLE "line_requests"`);
    await q.query(`DROP INDEX "subscribers_msisdn_idx"`);
    await q.query(`
      ALTER TABLE "subscribers"
        DROP CONSTRAINT "subscribers_suspension_reason_when_suspended",
        DROP CONSTRAINT "subscribers_state_tmf638",
        DROP COLUMN "open_request_id",
        DROP COLUMN "suspension_reason"`);
    await q.query(`ALTER TABLE "subscribers" RENAME COLUMN "state" TO "status"`);
  }
}
