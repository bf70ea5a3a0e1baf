import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dunning's tables, owned by `libs/dunning` (docs/dunning.md). `dunning_schedules` holds one row
 * per declined autopay: which attempt comes next and when, or how the schedule ended; runners claim
 * due rows with `FOR UPDATE SKIP LOCKED` (the partial index serves that query). Rows of
 * `dunning_card_attempts` are the processor calls counted against the card-network cap, one per
 * (payment, attempt) so that recording an attempt twice counts it once, with the answer dunning
 * gave, which a second recording returns unchanged.
 */
export class Dunning1795690000000 implements MigrationInterface {
  name = 'Dunning1795690000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "dunning_schedules" (
        "payment_id" text PRIMARY KEY,
        "subscriber_id" text NOT NULL,
        "payment_method_token" text NOT NULL,
        "amount_minor" bigint NOT NULL,
        "currency" text NOT NULL,
        "next_attempt" integer NOT NULL,
        "due_at" timestamptz NULL,
        "state" text NOT NULL CHECK ("state" IN ('scheduled', 'settled', 'exhausted')),
        "exhaustion_reason" text NULL
          CHECK ("exhaustion_reason" IN ('SCHEDULE_EXHAUSTED', 'HARD_DECLINE', 'CARD_NETWORK_CAP')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CHECK (("state" = 'scheduled') = ("due_at" IS NOT NULL)),
        CHECK (("state" = 'exhausted') = ("exhaustion_reason" IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX "dunning_schedules_due_idx" ON "dunning_schedules" ("due_at")
        WHERE "state" = 'scheduled'`);
    await q.query(`
      CREATE INDEX "dunning_schedules_card_idx"
        ON "dunning_schedules" ("payment_method_token", "amount_minor", "currency")
        WHERE "state" = 'scheduled'`);
    await q.query(`
      CREATE TABLE "dunning_card_attempts" (
        "payment_id" text NOT NULL,
        "attempt" integer NOT NULL CHECK ("attempt" >= 0),
        "payment_method_token" text NOT NULL,
        "amount_minor" bigint NOT NULL,
        "currency" text NOT NULL,
        "result" text NOT NULL CHECK ("result" IN ('captured', 'softDecline', 'hardDecline')),
        "attempted_at" timestamptz NOT NULL,
        "next_kind" text NOT NULL CHECK ("next_kind" IN ('settled', 'retry', 'exhausted')),
        "next_attempt" integer NULL,
        "next_at" timestamptz NULL,
        "exhaustion_reason" text NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("payment_id", "attempt"),
        CHECK (("next_kind" = 'retry') = ("next_at" IS NOT NULL AND "next_attempt" IS NOT NULL)),
        CHECK (("next_kind" = 'exhausted') = ("exhaustion_reason" IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX "dunning_card_attempts_card_idx" ON "dunning_card_attempts"
        ("payment_method_token", "amount_minor", "currency", "attempted_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "dunning_card_attempts"`);
    await q.query(`DROP TABLE "dunning_schedules"`);
  }
}
