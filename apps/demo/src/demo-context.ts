import type { DataSource } from 'typeorm';
import type { Backbone } from '@handoff/messaging';
import type { BssInbox } from './demo-bss-inbox';
import type { DealerClient } from './demo-traffic';

export interface Tracked {
  activationId: string;
  correlationId: string;
  iccid: string;
  channel: 'dealer' | 'bss';
  expect: 'activated' | 'rejected';
  /** What the request charged before tax, in USD cents (0: nothing charged). */
  chargesMinor: number;
}

/** One replay by the on-call operator: the dead letters of one owner (or of all: `any`). */
export interface ReplayOutcome {
  ownerTeam: string;
  replayed: number;
  failedAgain: number;
}

/** Activations held for a reason an operator re-drives once its cause is fixed, and how many were. */
export interface RedriveOutcome {
  reasonCode: string;
  held: number;
  redriven: number;
}

/** Where a card number in a free-text field was refused, and the tables it reached (none). */
export interface CardDataRefusal {
  gatewayFields: string[];
  deadLetters: { group: string; owner: string; code: string }[];
  storedIn: string[];
}

/** The BSS's payments of scene 9: what was charged, refunded and dunned, from the vendors' side. */
export interface PaymentsOutcome {
  /** The lines it billed; later scenes leave them alone. */
  lines: string[];
  captured: {
    purpose: string;
    chargedMinor: number;
    capturedMinor: number;
    taxMinor: number;
    taxLines: number;
    /** Captures in the processor's ledger under the payment's keys: one. */
    captures: number;
  }[];
  refunded: { askedMinor: number; paidBackMinor: number; taxMinor: number } | null;
  dunning: { attempts: number; suspensionReason: string; lineStatus: string } | null;
}

/** The line's lifecycle at the MNO (scene 10), as the BSS heard it and the MNO's ledger shows it. */
export interface LifecycleOutcome {
  /** Requests the BSS (and a dealer) sent, each answered, in order per subscriber. */
  answered: number;
  /** Of those, applied at the MNO: one effect each, in the order sent. */
  appliedAtMno: number;
  /** Refusals, by reason code. */
  refused: string[];
  /** The gateway's answer to the other dealer's plan change on the same line: 404. */
  otherDealerStatus: number;
}

/** Scene 11's numbers that moved: how the port-ins were answered and what became of the line ported out. */
export interface PortsOutcome {
  /** The answers the BSS heard to the port-in the donor accepted, e.g. `PortInPending -> PortInCompleted`. */
  completed: string | null;
  /** The reason code of the port-in the donor refused. */
  rejected: string | null;
  /** The state of the line whose number was ported away. */
  portedOut: string | null;
}

/** Scene 0's SIM batch: what `sims import` took in, and the two findings it staged. */
export interface SimBatchOutcome {
  batchId: string;
  /** The partner's CSV, in the run's directory. */
  file: string;
  imported: { lines: number; added: number };
  /** The reason and owner of a dealer's activation of a SIM shipped to the other dealer. */
  misShipped: { reasonCode: string; ownerTeam: string };
  /** The IMSIs of the staged mis-mapping, as fulfilment was told them. */
  mismatch: { inventoryImsi: string; mnoImsi: string };
}

/** Everything the scenario talks to: the running services over HTTP, Kafka as the BSS, the database to watch. */
export interface DemoContext {
  gatewayUrl: string;
  opsUrl: string;
  mnoUrl: string;
  taxUrl: string;
  paymentUrl: string;
  operatorKey: string;
  dealers: DealerClient[];
  bss: Backbone;
  /** What the BSS hears back: Handoff's outcome events. */
  inbox: BssInbox;
  db: DataSource;
  startedAt: Date;
  tracked: Tracked[];
  refusedAtGateway: { reason: string; status: number }[];
  replays: ReplayOutcome[];
  redrives: RedriveOutcome[];
  /** Where a card number in a free-text field was refused (scene 8). */
  cardData?: CardDataRefusal;
  /** The BSS's top-up, renewal, refund and dunning (scene 9). */
  payments?: PaymentsOutcome;
  /** Plan changes, suspend, resume, SIM swap and deactivation at the MNO (scene 10). */
  lifecycle?: LifecycleOutcome;
  /** Port-ins and a port-out (scene 11). */
  ports?: PortsOutcome;
  /** The fulfilment partner's SIM batch, the activations checked against it (scene 0). */
  simInventory?: SimBatchOutcome;
  /** `DEMO_MAP_SCREENSHOT`: where scene 2 saves the map during the outage. */
  mapScreenshotPath?: string;
  /** The activation whose trace the summary prints (else one that was replayed). */
  spotlight?: Tracked;
  say: (line: string) => void;
}

export async function call<T>(url: string, init: RequestInit & { key?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Puts a fault rule in force at a simulator (`PUT /admin/faults`), or clears them all (null). */
const faults = (simulatorUrl: string, rule: Record<string, unknown> | null) =>
  rule
    ? call(`${simulatorUrl}/admin/faults`, { method: 'PUT', body: JSON.stringify(rule) })
    : call(`${simulatorUrl}/admin/faults`, { method: 'DELETE' });

export const mnoFaults = (ctx: DemoContext, rule: Record<string, unknown> | null) =>
  faults(ctx.mnoUrl, rule);

export const paymentFaults = (ctx: DemoContext, rule: Record<string, unknown> | null) =>
  faults(ctx.paymentUrl, rule);
