import type { EntityManager } from 'typeorm';
import type { PaymentRefundRequested, TaxLine } from '@handoff/contracts';

/** `rejected` and `refunded` are final; the others are the steps a refund resumes from. */
export type RefundStep = 'taxReversal' | 'refund' | 'refunded' | 'rejected';

export interface RefundRecord {
  refundRequestId: string;
  paymentId: string;
  subscriberId: string;
  step: RefundStep;
  /** The part of the payment's charge refunded, before tax. */
  chargeMinor: number | null;
  /** The tax reversed with it (positive; the lines are negative). */
  taxMinor: number | null;
  taxLines: TaxLine[] | null;
  idempotencyKey: string;
  reasonCode: string;
  reasonMessage: string;
  refundId: string | null;
  /** What the processor paid back: charge plus reversed tax. */
  refundedMinor: number | null;
}

export interface RefundChanges {
  step?: RefundStep;
  chargeMinor?: number;
  taxMinor?: number;
  taxLines?: TaxLine[];
  refundId?: string;
  refundedMinor?: number;
}

const COLUMNS: Record<keyof RefundChanges, string> = {
  step: 'step',
  chargeMinor: 'charge_minor',
  taxMinor: 'tax_minor',
  taxLines: 'tax_lines',
  refundId: 'refund_id',
  refundedMinor: 'refunded_minor',
};

interface RefundRow {
  refund_request_id: string;
  payment_id: string;
  subscriber_id: string;
  step: RefundStep;
  charge_minor: string | null;
  tax_minor: string | null;
  tax_lines: TaxLine[] | null;
  idempotency_key: string;
  reason_code: string;
  reason_message: string;
  refund_id: string | null;
  refunded_minor: string | null;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** The `payment_refunds` table; this lib is its only writer. */
export class RefundRepository {
  /** The request's row; `created` when this delivery made it (a request seen before is not re-judged). */
  async loadOrCreate(
    db: EntityManager,
    request: PaymentRefundRequested,
  ): Promise<{ refund: RefundRecord; created: boolean }> {
    const inserted = await db.query<unknown[]>(
      `INSERT INTO payment_refunds (refund_request_id, payment_id, subscriber_id, step,
         idempotency_key, reason_code, reason_message)
       VALUES ($1, $2, $3, 'taxReversal', $4, $5, $6)
       ON CONFLICT (refund_request_id) DO NOTHING
       RETURNING refund_request_id`,
      [
        request.refundRequestId,
        request.paymentId,
        request.subscriberId,
        request.idempotencyKey,
        request.reason.code,
        request.reason.message,
      ],
    );
    const rows = await db.query<RefundRow[]>(
      'SELECT * FROM payment_refunds WHERE refund_request_id = $1',
      [request.refundRequestId],
    );
    return { refund: toRecord(rows[0]), created: inserted.length > 0 };
  }

  /** What the processor has paid back of a payment so far, by its other refunds. */
  async refundedBefore(db: EntityManager, paymentId: string, refundRequestId: string) {
    const rows = await db.query<{ total: string | null }[]>(
      `SELECT sum(refunded_minor) AS total FROM payment_refunds
        WHERE payment_id = $1 AND refund_request_id <> $2`,
      [paymentId, refundRequestId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async update(db: EntityManager, refundRequestId: string, changes: RefundChanges): Promise<void> {
    const keys = (Object.keys(changes) as (keyof RefundChanges)[]).filter(
      (k) => changes[k] !== undefined,
    );
    const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`);
    const values = keys.map((k) => (k === 'taxLines' ? JSON.stringify(changes[k]) : changes[k]));
    await db.query(
      `UPDATE payment_refunds SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE refund_request_id = $1`,
      [refundRequestId, ...values],
    );
  }
}

function toRecord(row: RefundRow): RefundRecord {
  return {
    refundRequestId: row.refund_request_id,
    paymentId: row.payment_id,
    subscriberId: row.subscriber_id,
    step: row.step,
    chargeMinor: numberOrNull(row.charge_minor),
    taxMinor: numberOrNull(row.tax_minor),
    taxLines: row.tax_lines,
    idempotencyKey: row.idempotency_key,
    reasonCode: row.reason_code,
    reasonMessage: row.reason_message,
    refundId: row.refund_id,
    refundedMinor: numberOrNull(row.refunded_minor),
  };
}
