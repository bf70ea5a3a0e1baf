import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables the messaging backbone relies on: idempotent consumption (`inbox`), the
 * transactional outbox, per-subscriber ordering blocks and the records parked behind them.
 */
export class MessagingBackbone1795617000000 implements MigrationInterface {
  name = 'MessagingBackbone1795617000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "inbox" (
        "consumer_group" text NOT NULL,
        "event_id" text NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group", "event_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "outbox" (
        "id" bigserial NOT NULL,
        "topic" text NOT NULL,
        "message_key" text NULL,
        "headers" jsonb NOT NULL,
        "payload" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz NULL,
        CONSTRAINT "outbox_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "outbox_headers_is_object" CHECK (jsonb_typeof("headers") = 'object')
      )`);
    await queryRunner.query(
      `CREATE INDEX "outbox_unsent_idx" ON "outbox" ("id") WHERE "sent_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "subscriber_blocks" (
        "consumer_group" text NOT NULL,
        "subscriber_key" text NOT NULL,
        "blocking_event_id" text NOT NULL,
        "blocked_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "subscriber_blocks_pkey" PRIMARY KEY ("consumer_group", "subscriber_key")
      )`);
    await queryRunner.query(`
      CREATE TABLE "parked_events" (
        "id" bigserial NOT NULL,
        "consumer_group" text NOT NULL,
        "subscriber_key" text NOT NULL,
        "event_id" text NOT NULL,
        "source_topic" text NOT NULL,
        "source_partition" int NOT NULL,
        "source_offset" text NOT NULL,
        "message_key" text NULL,
        "headers" jsonb NOT NULL,
        "payload" bytea NOT NULL,
        "parked_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "parked_events_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "parked_events_headers_is_object" CHECK (jsonb_typeof("headers") = 'object')
      )`);
    await queryRunner.query(
      `CREATE INDEX "parked_events_subscriber_idx" ON "parked_events" ("consumer_group", "subscriber_key", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "parked_events_subscriber_idx"`);
    await queryRunner.query(`DROP TABLE "parked_events"`);
    await queryRunner.query(`DROP TABLE "subscriber_blocks"`);
    await queryRunner.query(`DROP INDEX "outbox_unsent_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "inbox"`);
  }
}
