/**
 * A subscriber's diagnostic view as care receives it. Identifiers (subscriber id, MSISDN, ICCID,
 * IMSI) show their last four characters only; no port-in secret and no payment data is read.
 */
export interface DiagnosticView {
  subscriber: { subscriberId: string | null; msisdn: string | null; iccid: string | null };
  /** One sentence: what is wrong (or that nothing is), since when, whose it is, whether paged. */
  status: string;
  line: { handoff: LineInHandoff | null; mno: LineAtMno | null };
  plan: string | null;
  sim: SimView | null;
  /** Newest first. */
  activations: ActivationView[];
  /** Work not finished: activations under way or held, lifecycle requests open at the MNO. */
  openWork: WorkView[];
  deadLetters: DeadLetterView[];
  jeopardies: JeopardyView[];
  /** The latest handoffs from the audit ledger, newest first. */
  handoffs: HandoffView[];
  lookedUpAt: Date;
}

export interface LineInHandoff {
  state: string;
  planCode: string;
  suspensionReason: string | null;
  imsi: string | null;
}

/** What the MNO answered when asked for the line (by its ICCID), and when. */
export type LineAtMno =
  | {
      read: 'found';
      readAt: Date;
      state: string;
      planCode: string;
      msisdn: string | null;
      iccid: string;
      imsi: string | null;
    }
  | { read: 'not-found'; readAt: Date }
  | { read: 'failed'; readAt: Date; errorCode: string };

export interface SimView {
  state: string;
  batchId: string;
  shippedTo: string | null;
  imsi: string;
  /** False when the MNO reported another IMSI than the fulfilment partner's (a mis-mapped SIM). */
  imsiMatchesMno: boolean;
}

export interface ActivationView {
  activationId: string;
  state: string;
  step: string;
  reasonCode: string | null;
  owner: string | null;
  requestedAt: Date;
  updatedAt: Date;
}

export interface WorkView {
  kind: string;
  ref: string;
  state: string;
  since: Date;
}

export interface DeadLetterView {
  deadLetterId: string;
  consumerGroup: string | null;
  since: Date;
  integrationPoint: string;
  owner: string;
}

export interface JeopardyView {
  operation: string;
  ref: string;
  integrationPoint: string;
  owner: string;
  dueAt: Date;
  raisedAt: Date;
}

export interface HandoffView {
  at: Date;
  kind: string;
  what: string;
  integrationPoint: string;
  owner: string;
  outcome: string;
  reasonCode: string | null;
  correlationId: string;
}

/** One care look-up, as the audit ledger keeps it. */
export interface CareLookupRecord {
  at: Date;
  /** `operator:alice`. */
  by: string;
  view: string;
  outcome: string;
  correlationId: string;
}
