import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payments service (issue 10), owned by `libs/payment-requests`. `payment_requests`: one row per
 * payment the BSS asks for (top-up, autopay renewal), the step it has reached and what the vendors
 * were asked, so a redelivery, a replay, a dunning attempt or a crash resumes from it and never
 * taxes or charges twice (`attempt` is the dunning attempt the row's keys are derived from).
 * `payment_refunds`: one row per BSS refund request, the same way. No card data: the payment method
 * is the processor's token; no address: the quote is made from the request itself.
 */
export class PaymentRequests1795694000000 implements MigrationInterface {
  name = 'PaymentRequests1795694000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "payment_requests" (
        "payment_id" text PRIMARY KEY,
        "subscriber_id" text NOT NULL,
        "order_id" text NULL,
        "purpose" text NOT NULL CHECK ("purpose" IN ('topUp', 'autopayRenewal')),
        "charge_minor" bigint NOT NULL,
        "currency" text NOT NULL,
        "payment_method_token" text NOT NULL,
        "idempotency_key" text NOT NULL,
        "correlation_id" text NOT NULL,
        "step" text NOT NULL CHECK ("step" IN
          ('taxQuote', 'authorization', 'capture', 'taxCommit', 'captured', 'dunning', 'voidingTax', 'declined')),
        "attempt" integer NOT NULL DEFAULT 0,
        "tax_document_code" text NULL,
        "tax_total_minor" bigint NULL,
        "tax_lines" jsonb NULL,
        "payment_intent_id" text NULL,
        "decline" jsonb NULL,
        "dunning_next" jsonb NULL,
        "refunded_charge_minor" bigint NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "payment_requests_subscriber" ON "payment_requests" ("subscriber_id")`,
    );
    await q.query(`
      CREATE TABLE "payment_refunds" (
        "refund_request_id" text PRIMARY KEY,
        "payment_id" text NOT NULL,
        "subscriber_id" text NOT NULL,
        "step" text NOT NULL CHECK ("step" IN ('taxReversal', 'refund', 'refunded', 'rejected')),
        "charge_minor" bigint NULL,
        "tax_minor" bigint NULL,
        "tax_lines" jsonb NULL,
        "currency" text NULL,
        "idempotency_key" text NOT NULL,
        "reason_code" text NOT NULL,
        "reason_message" text NOT NULL,
        "refund_id" text NULL,
        "refunded_minor" bigint NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "payment_refunds_payment" ON "payment_refunds" ("payment_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "payment_refunds"`);
    await q.query(`DROP TABLE "payment_requests"`);
  }
}
