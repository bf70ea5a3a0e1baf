import type { EntityManager } from 'typeorm';
import type { SagaLedger, StepOutcome, VendorCallRecorder } from '@handoff/activation-saga';
import type { EventEnvelope } from '@handoff/messaging';
import type { DunningLedgerPort } from '@handoff/dunning';
import type { PaymentsPort } from '@handoff/payments';
import type { TaxEnginePort } from '@handoff/tax-engine';
import type { PaymentRepository } from './payment.repository';

/**
 * One run of a payment's steps: what caused it (the BSS's request, or a dunning attempt), how a
 * step commits (its own transaction, or the dunning runner's), and which try of the cause this is.
 */
export interface PaymentRun {
  cause: EventEnvelope;
  commit<T>(work: (db: EntityManager) => Promise<{ result: T } & StepOutcome>): Promise<T>;
  /** 1 for the first delivery of the cause, 2 for its first retry, ... (the ledger's attempt). */
  attempt: number;
}

/**
 * Points where a vendor has acted and the service has not committed it yet: a crash there leaves an
 * outcome the next run must learn by asking the vendor (or by sending the same key again).
 */
export type PaymentCheckpoint = 'paymentCaptured' | 'refunded';

/** Production passes none; a crash test passes one that kills the process at the point. */
export type PaymentCheckpointHook = (checkpoint: PaymentCheckpoint, id: string) => void;

export const NO_PAYMENT_CHECKPOINT: PaymentCheckpointHook = () => undefined;

export interface PaymentStepsDeps {
  repository: PaymentRepository;
  tax: TaxEnginePort;
  payments: PaymentsPort;
  ledger: SagaLedger;
  calls: VendorCallRecorder;
  dunning: DunningLedgerPort;
  /** Epoch ms now: dunning's clock (the real one outside tests and the demo). */
  clock: () => number;
  checkpoint?: PaymentCheckpointHook;
}
