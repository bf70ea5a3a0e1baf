import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage ingestion (docs/usage.md). `line_identities` keeps every IMSI and MSISDN a line has had and
 * when, so a CDR that arrives days late under a SIM swapped away since still finds its subscriber;
 * a trigger on `subscribers` writes it, whichever code changes a line's numbers. `usage_records`:
 * one row per MNO record id (the de-duplication key, its primary key), with the record's TMF635
 * state and measures. `usage_daily_totals`: guided usage per subscriber, UTC day and type, with
 * what was last handed on to the BSS. `usage_feed_days`: the feed's counts per day of arrival and
 * its newest record time. `usage_files`: the SHA-256 of every file `usage import` published.
 */
export class UsageIngestion1796302600000 implements MigrationInterface {
  name = 'UsageIngestion1796302600000';

  public async up(q: QueryRunner): Promise<void> {
    await this.lineIdentities(q);
    await q.query(`
      CREATE TABLE "usage_records" (
        "record_id" text PRIMARY KEY,
        "event_id" text NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('guided', 'recycled', 'rejected')),
        "imsi" text NULL,
        "msisdn" text NULL,
        "record_type" text NOT NULL CHECK ("record_type" IN ('voice', 'sms', 'data')),
        "started_at" timestamptz NOT NULL,
        "usage_day" date NOT NULL,
        "duration_seconds" bigint NOT NULL,
        "message_count" bigint NOT NULL,
        "bytes_up" bigint NOT NULL,
        "bytes_down" bigint NOT NULL,
        "late" boolean NOT NULL,
        "subscriber_id" text NULL,
        "plan_code" text NULL,
        "reason_code" text NULL,
        "file_sha256" text NULL,
        "line_number" bigint NULL,
        "received_at" timestamptz NOT NULL,
        "settled_at" timestamptz NULL,
        CHECK (("state" = 'guided') = ("subscriber_id" IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX "usage_records_recycled_idx" ON "usage_records" ("received_at", "record_id") WHERE "state" = 'recycled'`,
    );
    await q.query(`CREATE INDEX "usage_records_received_idx" ON "usage_records" ("received_at")`);
    await q.query(
      `CREATE INDEX "usage_records_subscriber_day_idx" ON "usage_records" ("subscriber_id", "usage_day") WHERE "state" = 'guided'`,
    );
    await q.query(`
      CREATE TABLE "usage_daily_totals" (
        "subscriber_id" text NOT NULL,
        "usage_day" date NOT NULL,
        "usage_type" text NOT NULL CHECK ("usage_type" IN ('voice', 'sms', 'data')),
        "plan_code" text NULL,
        "record_count" bigint NOT NULL,
        "duration_seconds" bigint NOT NULL,
        "message_count" bigint NOT NULL,
        "bytes_up" bigint NOT NULL,
        "bytes_down" bigint NOT NULL,
        "late_records" bigint NOT NULL,
        "handed_version" int NOT NULL DEFAULT 0,
        "handed_record_count" bigint NOT NULL DEFAULT 0,
        "handed_duration_seconds" bigint NOT NULL DEFAULT 0,
        "handed_message_count" bigint NOT NULL DEFAULT 0,
        "handed_bytes_up" bigint NOT NULL DEFAULT 0,
        "handed_bytes_down" bigint NOT NULL DEFAULT 0,
        "handed_on_at" timestamptz NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("subscriber_id", "usage_day", "usage_type")
      )`);
    // Reconciliation reads a period's days across subscribers.
    await q.query(
      `CREATE INDEX "usage_daily_totals_day_idx" ON "usage_daily_totals" ("usage_day", "subscriber_id")`,
    );
    // Every added record raises record_count, so a difference means something not yet handed on.
    await q.query(
      `CREATE INDEX "usage_daily_totals_unhanded_idx" ON "usage_daily_totals" ("usage_day")
         WHERE "record_count" <> "handed_record_count"`,
    );
    await q.query(`
      CREATE TABLE "usage_feed_days" (
        "feed_day" date PRIMARY KEY,
        "received" bigint NOT NULL DEFAULT 0,
        "duplicates" bigint NOT NULL DEFAULT 0,
        "guided" bigint NOT NULL DEFAULT 0,
        "recycled" bigint NOT NULL DEFAULT 0,
        "late" bigint NOT NULL DEFAULT 0,
        "reguided" bigint NOT NULL DEFAULT 0,
        "expired" bigint NOT NULL DEFAULT 0,
        "newest_record_at" timestamptz NULL,
        "last_received_at" timestamptz NULL
      )`);
    await q.query(`
      CREATE TABLE "usage_files" (
        "sha256" text PRIMARY KEY,
        "file_name" text NOT NULL,
        "lines_read" bigint NOT NULL,
        "published" bigint NOT NULL,
        "duplicates" bigint NOT NULL,
        "bad" bigint NOT NULL,
        "imported_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  private async lineIdentities(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "line_identities" (
        "subscriber_id" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('imsi', 'msisdn')),
        "value" text NOT NULL,
        "valid_from" timestamptz NOT NULL,
        "valid_to" timestamptz NULL,
        PRIMARY KEY ("kind", "value", "subscriber_id", "valid_from")
      )`);
    // One period per number: a change closes the open one and opens the next, in the same transaction.
    await q.query(`
      CREATE FUNCTION "line_identity_changed"(subscriber text, number_kind text, old_value text, new_value text)
        RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF new_value IS NOT DISTINCT FROM old_value THEN RETURN; END IF;
        UPDATE line_identities SET valid_to = now()
          WHERE subscriber_id = subscriber AND kind = number_kind AND valid_to IS NULL;
        IF new_value IS NOT NULL THEN
          INSERT INTO line_identities VALUES (subscriber, number_kind, new_value, now(), NULL)
            ON CONFLICT DO NOTHING;
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION "line_identities_track"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM line_identity_changed(NEW.subscriber_id, 'imsi',
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.imsi END, NEW.imsi);
        PERFORM line_identity_changed(NEW.subscriber_id, 'msisdn',
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.msisdn END, NEW.msisdn);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "subscribers_identities" AFTER INSERT OR UPDATE OF "imsi", "msisdn"
        ON "subscribers" FOR EACH ROW EXECUTE FUNCTION "line_identities_track"()`);
    // Lines that exist already: their numbers since they were activated (or last changed).
    await q.query(`
      INSERT INTO line_identities (subscriber_id, kind, value, valid_from)
        SELECT subscriber_id, 'imsi', imsi, COALESCE(activated_at, updated_at)
          FROM subscribers WHERE imsi IS NOT NULL
        UNION ALL
        SELECT subscriber_id, 'msisdn', msisdn, COALESCE(activated_at, updated_at)
          FROM subscribers WHERE msisdn IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['usage_files', 'usage_feed_days', 'usage_daily_totals', 'usage_records']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP TRIGGER "subscribers_identities" ON "subscribers"`);
    await q.query(`DROP FUNCTION "line_identities_track"()`);
    await q.query(`DROP FUNCTION "line_identity_changed"(text, text, text, text)`);
    await q.query(`DROP TABLE "line_identities"`);
  }
}
