import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activation end to end: dealers and operators (API keys stored hashed), the plan catalogue,
 * one saga row per activation, the subscribers it creates (which also binds an ICCID to one
 * subscriber), dealer idempotency keys, the audit ledger, and what ops did to dead letters.
 */
export class ActivationSaga1795630000000 implements MigrationInterface {
  name = 'ActivationSaga1795630000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "dealers" (
        "dealer_id" text PRIMARY KEY,
        "name" text NOT NULL,
        "api_key_hash" text NOT NULL UNIQUE,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "operators" (
        "operator_id" text PRIMARY KEY,
        "name" text NOT NULL,
        "api_key_hash" text NOT NULL UNIQUE,
        "roles" text[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "plans" (
        "plan_code" text PRIMARY KEY,
        "name" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      INSERT INTO "plans" ("plan_code", "name") VALUES
        ('UNL-5G-30', 'Unlimited 5G, 30 days'),
        ('BASIC-5G-15', 'Basic 5G, 15 GB'),
        ('DATA-ONLY-10', 'Data only, 10 GB'),
        ('PREPAID-TALK-5', 'Prepaid talk and text')`);
    await q.query(`
      CREATE TABLE "activations" (
        "activation_id" text PRIMARY KEY,
        "correlation_id" text NOT NULL,
        "channel" text NOT NULL,
        "dealer_id" text NULL,
        "iccid" text NOT NULL,
        "msisdn" text NULL,
        "plan_code" text NOT NULL,
        "subscriber_id" text NULL,
        "state" text NOT NULL,
        "step" text NOT NULL,
        "mno_order_id" text NULL,
        "imsi" text NULL,
        "reason_code" text NULL,
        "reason_message" text NULL,
        "owner_team" text NULL,
        "request" jsonb NOT NULL,
        "requested_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "completed_at" timestamptz NULL,
        CONSTRAINT "activations_state_tmf622" CHECK
          ("state" IN ('acknowledged', 'inProgress', 'completed', 'failed', 'rejected', 'held'))
      )`);
    await q.query(
      `CREATE INDEX "activations_dealer_idx" ON "activations" ("dealer_id", "requested_at")`,
    );
    await q.query(`CREATE INDEX "activations_iccid_idx" ON "activations" ("iccid")`);
    await q.query(`
      CREATE TABLE "subscribers" (
        "subscriber_id" text PRIMARY KEY,
        "iccid" text NOT NULL UNIQUE,
        "msisdn" text NULL,
        "imsi" text NULL,
        "plan_code" text NOT NULL,
        "status" text NOT NULL,
        "activation_id" text NOT NULL,
        "activated_at" timestamptz NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "idempotency_keys" (
        "dealer_id" text NOT NULL,
        "idempotency_key" text NOT NULL,
        "request_hash" text NOT NULL,
        "activation_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("dealer_id", "idempotency_key")
      )`);
    await q.query(`
      CREATE TABLE "audit_ledger" (
        "id" bigserial PRIMARY KEY,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        "occurred_at" timestamptz NOT NULL,
        "correlation_id" text NOT NULL,
        "causation_id" text NULL,
        "event_id" text NULL,
        "event_type" text NULL,
        "kind" text NOT NULL,
        "actor" text NOT NULL,
        "integration_point" text NOT NULL,
        "owner_team" text NOT NULL,
        "subject_masked" text NULL,
        "summary" jsonb NOT NULL DEFAULT '{}',
        "outcome" text NOT NULL,
        "http_status" int NULL,
        "latency_ms" int NULL,
        "attempt" int NULL
      )`);
    await q.query(
      `CREATE INDEX "audit_ledger_correlation_idx" ON "audit_ledger" ("correlation_id", "occurred_at", "id")`,
    );
    // Recording the same event twice (redelivery) must not make two rows.
    await q.query(
      `CREATE UNIQUE INDEX "audit_ledger_event_idx" ON "audit_ledger" ("event_id", "kind", "actor") WHERE "event_id" IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "dead_letter_actions" (
        "id" bigserial PRIMARY KEY,
        "dlt_topic" text NOT NULL,
        "dlt_partition" int NOT NULL,
        "dlt_offset" text NOT NULL,
        "consumer_group" text NOT NULL,
        "event_id" text NULL,
        "action" text NOT NULL CHECK ("action" IN ('replay', 'discard')),
        "operator_id" text NOT NULL,
        "reason" text NOT NULL,
        "replay_id" text NULL,
        "acted_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "dead_letter_actions_ref_idx" ON "dead_letter_actions" ("dlt_topic", "dlt_partition", "dlt_offset")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'dead_letter_actions',
      'audit_ledger',
      'idempotency_keys',
      'subscribers',
      'activations',
      'plans',
      'operators',
      'dealers',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
