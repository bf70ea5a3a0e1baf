import type { DataSource, EntityManager } from 'typeorm';
import { subscriberIdOf } from '@handoff/activation-requests';
import type { ActivationRequested } from '@handoff/contracts';
import { moneyOf, moneyParams, type ActivationMoney, type MoneyColumns } from './activation-money';
import { TAX_HOLD_REASON } from './tax-hold-reason';
import {
  ACTIVATION_STATUS_COLUMNS,
  toStatus,
  type ActivationStatus,
  type ActivationStatusRow,
} from './activation-status';

/** TMF622 product order states, as dealers and the BSS see an activation. */
export type ActivationState =
  'acknowledged' | 'inProgress' | 'completed' | 'failed' | 'rejected' | 'held';
/** The saga's persisted steps, in order (the money steps only for an activation with charges). */
export type { ActivationMoney, PaymentStatus } from './activation-money';

export type SagaStep =
  | 'validation'
  | 'taxQuote'
  | 'paymentAuthorization'
  | 'provisioning'
  | 'paymentCapture'
  | 'taxCommit'
  | 'completed';

export interface ActivationRecord {
  activationId: string;
  correlationId: string;
  state: ActivationState;
  step: SagaStep;
  iccid: string;
  planCode: string;
  dealerId: string | null;
  mnoOrderId: string | null;
  /** The subscriber this activation is for, from the request or assigned at intake: the key of its events. */
  subscriberId: string;
  /** As the MNO assigned them, once provisioned. */
  imsi: string | null;
  msisdn: string | null;
  /** Why it was rejected, failed or held (a held one waits for its reason to be fixed). */
  reasonCode: string | null;
  money: ActivationMoney;
  request: ActivationRequested;
}

/** Who took a request in: its correlation id, and the team that owns the intake (if any). */
export interface Intake {
  correlationId: string;
  ownerTeam: string | null;
}

export interface ActivationChanges {
  state?: ActivationState;
  step?: SagaStep;
  mnoOrderId?: string;
  imsi?: string;
  msisdn?: string;
  subscriberId?: string;
  reasonCode?: string | null;
  reasonMessage?: string | null;
  ownerTeam?: string | null;
  completed?: boolean;
  money?: Partial<ActivationMoney>;
}

interface Row extends MoneyColumns {
  activation_id: string;
  correlation_id: string;
  state: ActivationState;
  step: SagaStep;
  iccid: string;
  plan_code: string;
  dealer_id: string | null;
  mno_order_id: string | null;
  subscriber_id: string | null;
  imsi: string | null;
  msisdn: string | null;
  reason_code: string | null;
  request: ActivationRequested;
}

const TERMINAL: readonly ActivationState[] = ['completed', 'failed', 'rejected'];
export const isTerminal = (state: ActivationState) => TERMINAL.includes(state);

/** The saga's state: one row per activation, in PostgreSQL, so any instance can carry it on. */
export class ActivationRepository {
  /**
   * The row for this request, created from it when the BSS (not the gateway) asked. `prepare` turns
   * a request into what the row keeps (port-in secrets checked in); it runs only when there is no row
   * yet, so a redelivery or a replay never stores anything again.
   */
  async loadOrCreate(
    db: EntityManager,
    request: ActivationRequested,
    correlationId: string,
    prepare: (request: ActivationRequested) => Promise<ActivationRequested> = async (r) => r,
  ): Promise<ActivationRecord> {
    const existing = await this.lockRow(db, request.activationId);
    if (existing) return toRecord(existing);
    const kept = await prepare(request);
    await this.insert(db, kept, { correlationId, ownerTeam: null }, 'ifAbsent');
    return toRecord((await this.lockRow(db, request.activationId))!);
  }

  private async lockRow(db: EntityManager, activationId: string): Promise<Row | undefined> {
    const rows = await db.query<Row[]>(
      'SELECT * FROM activations WHERE activation_id = $1 FOR UPDATE',
      [activationId],
    );
    return rows[0];
  }

  /** The row, locked until the transaction ends; undefined when there is none. */
  async lock(db: EntityManager, activationId: string): Promise<ActivationRecord | undefined> {
    const row = await this.lockRow(db, activationId);
    return row && toRecord(row);
  }

  /**
   * The row for a request the gateway accepted, written in its intake transaction with the team
   * that owns the intake. The gateway mints a fresh activation id per request, so a second row for
   * one id is an error, not a no-op.
   */
  acknowledge(db: EntityManager, request: ActivationRequested, intake: Intake): Promise<void> {
    return this.insert(db, request, intake, 'once');
  }

  /** The dealer's own activation; another dealer's id reads as unknown. */
  async findForDealer(
    db: DataSource | EntityManager,
    dealerId: string,
    activationId: string,
  ): Promise<ActivationStatus | undefined> {
    const rows = await db.query<ActivationStatusRow[]>(
      `SELECT ${ACTIVATION_STATUS_COLUMNS} FROM activations
        WHERE activation_id = $1 AND dealer_id = $2`,
      [activationId, dealerId],
    );
    return rows[0] && toStatus(rows[0]);
  }

  /** TMF622 `acknowledged`, at validation, keyed by the request's subscriber id. */
  private async insert(
    db: EntityManager,
    request: ActivationRequested,
    { correlationId, ownerTeam }: Intake,
    mode: 'ifAbsent' | 'once',
  ): Promise<void> {
    await db.query(
      `INSERT INTO activations (activation_id, correlation_id, channel, dealer_id, iccid, msisdn,
         plan_code, subscriber_id, state, step, owner_team, request, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'acknowledged', 'validation', $9, $10::jsonb, $11)
       ${mode === 'ifAbsent' ? 'ON CONFLICT (activation_id) DO NOTHING' : ''}`,
      [
        request.activationId,
        correlationId,
        request.channel,
        request.dealerId,
        request.iccid,
        request.msisdn,
        request.planCode,
        subscriberIdOf(request),
        ownerTeam,
        JSON.stringify(request),
        new Date(request.requestedAt),
      ],
    );
  }

  async update(db: EntityManager, activationId: string, changes: ActivationChanges): Promise<void> {
    await db.query(
      `UPDATE activations SET
         state = COALESCE($2, state), step = COALESCE($3, step), mno_order_id = COALESCE($4, mno_order_id),
         imsi = COALESCE($5, imsi), msisdn = COALESCE($6, msisdn), subscriber_id = COALESCE($7, subscriber_id),
         reason_code = CASE WHEN $8::boolean THEN $9 ELSE reason_code END,
         reason_message = CASE WHEN $8::boolean THEN $10 ELSE reason_message END,
         owner_team = CASE WHEN $8::boolean THEN $11 ELSE owner_team END,
         completed_at = CASE WHEN $12::boolean THEN now() ELSE completed_at END,
         tax_jurisdiction_code = COALESCE($13, tax_jurisdiction_code),
         tax_document_code = COALESCE($14, tax_document_code),
         tax_total_minor = COALESCE($15, tax_total_minor), amount_minor = COALESCE($16, amount_minor),
         currency = COALESCE($17, currency), payment_intent_id = COALESCE($18, payment_intent_id),
         payment_status = COALESCE($19, payment_status),
         captured_at = CASE WHEN $19::text = 'captured' THEN COALESCE(captured_at, now()) ELSE captured_at END,
         authorization_expires_at = COALESCE($20, authorization_expires_at),
         authorization_round = COALESCE($21, authorization_round),
         updated_at = now()
       WHERE activation_id = $1`,
      [
        activationId,
        changes.state ?? null,
        changes.step ?? null,
        changes.mnoOrderId ?? null,
        changes.imsi ?? null,
        changes.msisdn ?? null,
        changes.subscriberId ?? null,
        changes.reasonCode !== undefined,
        changes.reasonCode ?? null,
        changes.reasonMessage ?? null,
        changes.ownerTeam ?? null,
        changes.completed ?? false,
        ...moneyParams(changes.money ?? {}),
      ],
    );
  }

  /**
   * Activations held now, by the vendor they wait on: a tax hold waits on the tax engine's
   * configuration, every other hold on the MNO (read by the integration map; a partial index).
   */
  async heldByVendor(db: DataSource | EntityManager): Promise<{ tax: number; mno: number }> {
    const [row] = await db.query<{ tax: number; mno: number }[]>(
      `SELECT count(*) FILTER (WHERE reason_code = $1)::int AS tax,
              count(*) FILTER (WHERE reason_code IS DISTINCT FROM $1)::int AS mno
         FROM activations WHERE state = 'held'`,
      [TAX_HOLD_REASON],
    );
    return row ?? { tax: 0, mno: 0 };
  }

  async planExists(db: EntityManager, planCode: string): Promise<boolean> {
    const rows = await db.query<unknown[]>('SELECT 1 FROM plans WHERE plan_code = $1 AND active', [
      planCode,
    ]);
    return rows.length > 0;
  }

  /**
   * Whether this ICCID already belongs to a subscriber, to another activation still under way, or
   * to a SIM swap under way (docs/lifecycle.md).
   */
  async iccidBoundElsewhere(db: EntityManager, iccid: string, activationId: string) {
    if (await this.heldElsewhere(db, 'iccid', iccid, activationId)) return true;
    const swaps = await db.query<unknown[]>(
      `SELECT 1 FROM line_requests WHERE state = 'inProgress' AND target_iccid = $1 LIMIT 1`,
      [iccid],
    );
    return swaps.length > 0;
  }

  /**
   * Whether this subscriber id already has a line from another activation, or another activation
   * under way: one subscriber id, one line, so its events have one order.
   */
  subscriberIdInUse(db: EntityManager, subscriberId: string, activationId: string) {
    return this.heldElsewhere(db, 'subscriber_id', subscriberId, activationId);
  }

  private async heldElsewhere(
    db: EntityManager,
    column: 'iccid' | 'subscriber_id',
    value: string,
    activationId: string,
  ): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `SELECT 1 FROM subscribers WHERE ${column} = $1 AND activation_id <> $2
       UNION ALL
       SELECT 1 FROM activations WHERE ${column} = $1 AND activation_id <> $2
         AND state IN ('acknowledged', 'inProgress', 'held') AND step <> 'validation'
       LIMIT 1`,
      [value, activationId],
    );
    return rows.length > 0;
  }

  async createSubscriber(
    db: EntityManager,
    s: {
      subscriberId: string;
      iccid: string;
      msisdn: string;
      imsi: string;
      planCode: string;
      activationId: string;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO subscribers (subscriber_id, iccid, msisdn, imsi, plan_code, state, activation_id, activated_at)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, now())
       ON CONFLICT (subscriber_id) DO NOTHING`,
      [s.subscriberId, s.iccid, s.msisdn, s.imsi, s.planCode, s.activationId],
    );
  }
}

function toRecord(r: Row): ActivationRecord {
  return {
    activationId: r.activation_id,
    correlationId: r.correlation_id,
    state: r.state,
    step: r.step,
    iccid: r.iccid,
    planCode: r.plan_code,
    dealerId: r.dealer_id,
    mnoOrderId: r.mno_order_id,
    // Rows from before subscriber keys (decision 6) may have none yet: derive it as intake would.
    subscriberId: r.subscriber_id ?? subscriberIdOf(r.request),
    imsi: r.imsi,
    msisdn: r.msisdn,
    reasonCode: r.reason_code,
    money: moneyOf(r),
    request: r.request,
  };
}
