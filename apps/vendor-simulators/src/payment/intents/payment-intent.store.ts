import { Injectable } from '@nestjs/common';
import type { ListIntentsQuery } from './payment-intent.schema';
import type { PaymentIntent, PaymentIntentStatus, Refund } from './payment-intent.types';

export interface IntentRecord {
  intent: PaymentIntent;
  /** The key the intent was created under, so a client that lost the answer can find it. */
  idempotencyKey: string | null;
  /** Exact (ms) expiry of the authorization; `capture_before` on the wire is rounded down to seconds. */
  expiresAtMs: number | null;
}

/** Every payment intent and refund, in creation order. */
@Injectable()
export class PaymentIntentStore {
  private readonly intents = new Map<string, IntentRecord>();
  private readonly refunds: Refund[] = [];

  add(record: IntentRecord): void {
    this.intents.set(record.intent.id, record);
  }

  get(id: string): IntentRecord | undefined {
    return this.intents.get(id);
  }

  all(): IntentRecord[] {
    return [...this.intents.values()];
  }

  find(query: ListIntentsQuery): PaymentIntent[] {
    return this.all()
      .filter(
        (r) => query.idempotency_key === undefined || r.idempotencyKey === query.idempotency_key,
      )
      .filter((r) => query.customer === undefined || r.intent.customer === query.customer)
      .map((r) => r.intent);
  }

  addRefund(refund: Refund): void {
    this.refunds.push(refund);
  }

  countByStatus(): Record<PaymentIntentStatus, number> {
    const counts = { requires_payment_method: 0, requires_capture: 0, succeeded: 0, canceled: 0 };
    for (const { intent } of this.intents.values()) counts[intent.status] += 1;
    return counts;
  }

  clear(): void {
    this.intents.clear();
    this.refunds.length = 0;
  }
}

/** Intents change under later calls; callers get a copy frozen at the time of the answer. */
export function snapshot(intent: PaymentIntent): PaymentIntent {
  return structuredClone(intent);
}
