import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money in the activation saga (issue 9): the row records what the saga asked the tax engine and
 * the payment processor, so a redelivery or a replay resumes from it and never charges or taxes
 * twice. `tax_document_code` and `payment_intent_id` are the vendors' keys (the intent's
 * idempotency key is derived from the activation id); `amount_minor`/`currency` are what was
 * authorized (charges plus tax); `payment_status` is `unpaid` when the capture after provisioning
 * stayed failed. Rows from before have none: an activation with no charges never has any.
 */
export class ActivationMoney1795670000000 implements MigrationInterface {
  name = 'ActivationMoney1795670000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "activations"
        ADD COLUMN "tax_jurisdiction_code" text NULL,
        ADD COLUMN "tax_document_code" text NULL,
        ADD COLUMN "tax_total_minor" bigint NULL,
        ADD COLUMN "amount_minor" bigint NULL,
        ADD COLUMN "currency" text NULL,
        ADD COLUMN "payment_intent_id" text NULL,
        ADD COLUMN "payment_status" text NULL,
        ADD CONSTRAINT "activations_payment_status" CHECK
          ("payment_status" IS NULL OR "payment_status" IN ('authorized', 'captured', 'voided', 'unpaid'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "activations"
        DROP CONSTRAINT "activations_payment_status",
        DROP COLUMN "payment_status",
        DROP COLUMN "payment_intent_id",
        DROP COLUMN "currency",
        DROP COLUMN "amount_minor",
        DROP COLUMN "tax_total_minor",
        DROP COLUMN "tax_document_code",
        DROP COLUMN "tax_jurisdiction_code"`);
  }
}
