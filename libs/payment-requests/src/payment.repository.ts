import type { EntityManager } from 'typeorm';
import type { PaymentRequested, TaxLine } from '@handoff/contracts';
import type { DunningNext } from '@handoff/dunning';
import type {
  PaymentDeclineFacts,
  PaymentPurpose,
  PaymentRecord,
  PaymentStep,
} from './payment-record';

/** What a step changes on a payment row; absent fields stay as they are. */
export interface PaymentChanges {
  step?: PaymentStep;
  attempt?: number;
  taxDocumentCode?: string;
  taxTotalMinor?: number;
  taxLines?: TaxLine[];
  paymentIntentId?: string | null;
  decline?: PaymentDeclineFacts | null;
  dunningNext?: DunningNext | null;
}

const COLUMNS: Record<keyof PaymentChanges, string> = {
  step: 'step',
  attempt: 'attempt',
  taxDocumentCode: 'tax_document_code',
  taxTotalMinor: 'tax_total_minor',
  taxLines: 'tax_lines',
  paymentIntentId: 'payment_intent_id',
  decline: 'decline',
  dunningNext: 'dunning_next',
};
const JSON_COLUMNS = new Set<keyof PaymentChanges>(['taxLines', 'decline', 'dunningNext']);

interface PaymentRow {
  payment_id: string;
  subscriber_id: string;
  order_id: string | null;
  purpose: PaymentPurpose;
  charge_minor: string;
  currency: string;
  payment_method_token: string;
  idempotency_key: string;
  correlation_id: string;
  step: PaymentStep;
  attempt: number;
  tax_document_code: string | null;
  tax_total_minor: string | null;
  tax_lines: TaxLine[] | null;
  payment_intent_id: string | null;
  decline: PaymentDeclineFacts | null;
  dunning_next: DunningNext | null;
  refunded_charge_minor: string;
}

/** The `payment_requests` table; this lib is its only writer (docs/boundaries.md#tables). */
export class PaymentRepository {
  /**
   * The payment's row, created from the request the first time; the same payment id again (a
   * redelivery, a replay, the BSS sending it twice) finds the row and its step, never a second one.
   */
  async loadOrCreate(
    db: EntityManager,
    request: PaymentRequested & { purpose: PaymentPurpose },
    correlationId: string,
  ): Promise<PaymentRecord> {
    await db.query(
      `INSERT INTO payment_requests (payment_id, subscriber_id, order_id, purpose, charge_minor,
         currency, payment_method_token, idempotency_key, correlation_id, step)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'taxQuote')
       ON CONFLICT (payment_id) DO NOTHING`,
      [
        request.paymentId,
        request.subscriberId,
        request.orderId,
        request.purpose,
        request.amount.amountMinor,
        request.amount.currency,
        request.paymentMethodToken,
        request.idempotencyKey,
        correlationId,
      ],
    );
    return (await this.find(db, request.paymentId))!;
  }

  /** `forUpdate`: locked until the caller's transaction ends (a refund reserving its amount). */
  async find(
    db: EntityManager,
    paymentId: string,
    forUpdate = false,
  ): Promise<PaymentRecord | undefined> {
    const rows = await db.query<PaymentRow[]>(
      `SELECT * FROM payment_requests WHERE payment_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [paymentId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async update(db: EntityManager, paymentId: string, changes: PaymentChanges): Promise<void> {
    const keys = (Object.keys(changes) as (keyof PaymentChanges)[]).filter(
      (k) => changes[k] !== undefined,
    );
    const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`);
    const values = keys.map((k) => {
      const value = changes[k];
      return value !== null && JSON_COLUMNS.has(k) ? JSON.stringify(value) : value;
    });
    // The first capture's time is kept for the activation-to-first-bill KPI (docs/kpis.md).
    if (changes.step === 'captured') sets.push('captured_at = COALESCE(captured_at, now())');
    await db.query(
      `UPDATE payment_requests SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE payment_id = $1`,
      [paymentId, ...values],
    );
  }

  /** A refund takes `chargeMinor` of the payment (under the row lock the caller holds). */
  async reserveRefund(db: EntityManager, paymentId: string, chargeMinor: number): Promise<void> {
    await db.query(
      `UPDATE payment_requests
          SET refunded_charge_minor = refunded_charge_minor + $2, updated_at = now()
        WHERE payment_id = $1`,
      [paymentId, chargeMinor],
    );
  }
}

function toRecord(row: PaymentRow): PaymentRecord {
  return {
    paymentId: row.payment_id,
    subscriberId: row.subscriber_id,
    orderId: row.order_id,
    purpose: row.purpose,
    // bigint columns read as text.
    chargeMinor: Number(row.charge_minor),
    currency: row.currency,
    paymentMethodToken: row.payment_method_token,
    idempotencyKey: row.idempotency_key,
    correlationId: row.correlation_id,
    step: row.step,
    attempt: row.attempt,
    taxDocumentCode: row.tax_document_code,
    taxTotalMinor: row.tax_total_minor === null ? null : Number(row.tax_total_minor),
    taxLines: row.tax_lines,
    paymentIntentId: row.payment_intent_id,
    decline: row.decline,
    dunningNext: row.dunning_next,
    refundedChargeMinor: Number(row.refunded_charge_minor),
  };
}
