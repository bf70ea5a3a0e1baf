import type { EntityManager } from 'typeorm';
import { RetryableError } from '@handoff/resilience';
import type {
  Line,
  LineRequestKind,
  LineRequestState,
  LineState,
  LineTarget,
  RecordedRequest,
} from './line';

/** A request on a line: request ids are the requester's, unique per subscriber. */
export interface LineRequestRef {
  subscriberId: string;
  requestId: string;
}

/** A request Handoff takes on a line: what it is, and in which event it came. */
export interface LineRequestIntake extends LineRequestRef {
  kind: LineRequestKind;
  eventId: string;
  correlationId: string;
  requestedAt: number;
}

export interface LineRow {
  subscriber_id: string;
  state: LineState;
  iccid: string;
  msisdn: string | null;
  imsi: string | null;
  plan_code: string;
  suspension_reason: string | null;
  open_request_id: string | null;
}

interface RequestRow {
  request_id: string;
  subscriber_id: string;
  kind: LineRequestKind;
  state: LineRequestState;
  reason_code: string | null;
  mno_order_id: string | null;
}

/**
 * The lines (`subscribers`, created by the activation saga) and the lifecycle requests on them
 * (`line_requests`). A line changes only when a request settles: `open` records where the request
 * takes the line and marks the line busy, `complete` applies that, `fail` leaves the line as it was.
 */
export class LineRepository {
  /**
   * The subscriber's line, locked until the transaction ends. `legacyIccid` finds a line by its
   * ICCID instead, for a request keyed by ICCID before lifecycle events were keyed by subscriber id
   * (decision 6).
   */
  async lock(
    db: EntityManager,
    subscriberId: string,
    legacyIccid?: string,
  ): Promise<Line | undefined> {
    const rows = await db.query<LineRow[]>(
      `SELECT * FROM subscribers
        WHERE subscriber_id = $1 OR ($2::text IS NOT NULL AND iccid = $2)
        ORDER BY subscriber_id = $1 DESC LIMIT 1 FOR UPDATE`,
      [subscriberId, legacyIccid ?? null],
    );
    return rows[0] && toLine(rows[0]);
  }

  /** The subscriber whose line, not terminated, has this number (a port-out notice names only it). */
  async subscriberWithNumber(db: EntityManager, msisdn: string): Promise<string | undefined> {
    const rows = await db.query<{ subscriber_id: string }[]>(
      `SELECT subscriber_id FROM subscribers WHERE msisdn = $1 AND state <> 'terminated'`,
      [msisdn],
    );
    return rows[0]?.subscriber_id;
  }

  /** Of these numbers, the ones a live line has, with that line's subscriber and ICCID. */
  async liveLinesWithNumbers(
    db: EntityManager,
    msisdns: readonly string[],
  ): Promise<Map<string, { subscriberId: string; iccid: string }>> {
    if (msisdns.length === 0) return new Map();
    const rows = await db.query<{ subscriber_id: string; iccid: string; msisdn: string }[]>(
      `SELECT subscriber_id, iccid, msisdn FROM subscribers
        WHERE msisdn = ANY($1::text[]) AND state <> 'terminated'`,
      [msisdns],
    );
    return new Map(rows.map((r) => [r.msisdn, { subscriberId: r.subscriber_id, iccid: r.iccid }]));
  }

  /** Whether the plan is one Handoff sells (the catalogue activation checks against too). */
  async planInCatalogue(db: EntityManager, planCode: string): Promise<boolean> {
    const rows = await db.query<unknown[]>('SELECT 1 FROM plans WHERE plan_code = $1 AND active', [
      planCode,
    ]);
    return rows.length > 0;
  }

  async findRequest(
    db: EntityManager,
    { subscriberId, requestId }: LineRequestRef,
  ): Promise<RecordedRequest | undefined> {
    const rows = await db.query<RequestRow[]>(
      'SELECT * FROM line_requests WHERE subscriber_id = $1 AND request_id = $2',
      [subscriberId, requestId],
    );
    return rows[0] && toRequest(rows[0]);
  }

  /**
   * Whether this SIM is another subscriber's: on its line (terminated lines keep their SIM), in an
   * activation under way, or the target of an open SIM swap.
   */
  iccidBoundElsewhere(db: EntityManager, iccid: string, subscriberId: string): Promise<boolean> {
    return this.boundElsewhere(db, 'iccid', iccid, subscriberId, '');
  }

  /**
   * Whether this number is another subscriber's: on a line still in service (a number that left
   * with a terminated line may come back), in an activation under way, or being ported in.
   */
  msisdnBoundElsewhere(db: EntityManager, msisdn: string, subscriberId: string): Promise<boolean> {
    return this.boundElsewhere(db, 'msisdn', msisdn, subscriberId, `AND state <> 'terminated'`);
  }

  private async boundElsewhere(
    db: EntityManager,
    column: 'iccid' | 'msisdn',
    value: string,
    subscriberId: string,
    lineFilter: string,
  ): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `SELECT 1 FROM subscribers WHERE ${column} = $1 AND subscriber_id <> $2 ${lineFilter}
       UNION ALL
       SELECT 1 FROM activations WHERE ${column} = $1 AND subscriber_id IS DISTINCT FROM $2
         AND state IN ('acknowledged', 'inProgress', 'held') AND step <> 'validation'
       UNION ALL
       SELECT 1 FROM line_requests WHERE state = 'inProgress' AND target_${column} = $1
         AND subscriber_id <> $2
       LIMIT 1`,
      [value, subscriberId],
    );
    return rows.length > 0;
  }

  /**
   * Records the request as in progress with where it takes the line, and marks the line busy with
   * it. Call with the line locked and the request decided: a line that is busy, terminated or gone
   * by now means the decision is stale, and the work is tried again to decide anew.
   */
  async open(db: EntityManager, intake: LineRequestIntake, target: LineTarget): Promise<void> {
    await this.insertRequest(db, intake, 'inProgress', target, null);
    const [, changed] = await db.query<[unknown, number]>(
      `UPDATE subscribers SET open_request_id = $2, updated_at = now()
        WHERE subscriber_id = $1 AND open_request_id IS NULL AND state <> 'terminated'`,
      [intake.subscriberId, intake.requestId],
    );
    if (changed !== 1)
      throw new RetryableError(
        'LIFECYCLE.LINE_CHANGED',
        `line of ${intake.subscriberId} changed before request ${intake.requestId} opened`,
        { stage: 'persist' },
      );
  }

  /** The MNO order placed for an open request, so a retry asks the MNO about it instead of placing another. */
  async recordOrder(db: EntityManager, ref: LineRequestRef, mnoOrderId: string): Promise<void> {
    await db.query(
      `UPDATE line_requests SET mno_order_id = $3
        WHERE subscriber_id = $1 AND request_id = $2 AND state = 'inProgress'`,
      [ref.subscriberId, ref.requestId, mnoOrderId],
    );
  }

  /** How long the request has been open (ms, by the database's clock); undefined if it is not. */
  async openFor(db: EntityManager, ref: LineRequestRef): Promise<number | undefined> {
    const rows = await db.query<{ open_ms: number }[]>(
      `SELECT (extract(epoch FROM now() - created_at) * 1000)::float8 AS open_ms FROM line_requests
        WHERE subscriber_id = $1 AND request_id = $2 AND state = 'inProgress'`,
      [ref.subscriberId, ref.requestId],
    );
    return rows[0]?.open_ms;
  }

  /**
   * Marks the open request as reported waiting on a third party (a port-in's donor); true only the
   * first time, so the waiting is announced once however often the record is looked at again.
   */
  async markPending(db: EntityManager, ref: LineRequestRef): Promise<boolean> {
    const [, changed] = await db.query<[unknown, number]>(
      `UPDATE line_requests SET pending_at = now()
        WHERE subscriber_id = $1 AND request_id = $2 AND state = 'inProgress' AND pending_at IS NULL`,
      [ref.subscriberId, ref.requestId],
    );
    return changed === 1;
  }

  /**
   * The open request's order completed: the line takes the request's target (and the IMSI the MNO
   * gave a new SIM) and is free again. Undefined when the request was not open (already settled):
   * a completion heard twice applies once.
   */
  async complete(
    db: EntityManager,
    ref: LineRequestRef,
    answer: { imsi?: string } = {},
  ): Promise<Line | undefined> {
    if (!(await this.settle(db, ref, 'completed', null))) return undefined;
    const [rows] = await db.query<[LineRow[], number]>(
      `UPDATE subscribers s SET
         state = r.target_state,
         plan_code = COALESCE(r.target_plan_code, s.plan_code),
         iccid = COALESCE(r.target_iccid, s.iccid),
         msisdn = COALESCE(r.target_msisdn, s.msisdn),
         imsi = COALESCE($3, s.imsi),
         suspension_reason = CASE WHEN r.target_state = 'suspended'
           THEN r.target_suspension_reason END,
         open_request_id = NULL, updated_at = now()
       FROM line_requests r
       WHERE r.subscriber_id = $1 AND r.request_id = $2
         AND s.subscriber_id = $1 AND s.open_request_id = $2
       RETURNING s.*`,
      [ref.subscriberId, ref.requestId, answer.imsi ?? null],
    );
    const [line] = rows;
    if (!line) throw new Error(`request ${ref.requestId} was open on no line`);
    return toLine(line);
  }

  /** Opens and completes at once: for a change the MNO has already made (a port-out). */
  async applyNow(db: EntityManager, intake: LineRequestIntake, target: LineTarget): Promise<Line> {
    await this.open(db, intake, target);
    return (await this.complete(db, intake))!;
  }

  /** The open request's order failed: the line stays as it was and is free again. */
  async fail(db: EntityManager, ref: LineRequestRef, reasonCode: string): Promise<boolean> {
    if (!(await this.settle(db, ref, 'failed', reasonCode))) return false;
    await db.query(
      `UPDATE subscribers SET open_request_id = NULL, updated_at = now()
        WHERE subscriber_id = $1 AND open_request_id = $2`,
      [ref.subscriberId, ref.requestId],
    );
    return true;
  }

  /** A refused request, remembered so that a repeat is refused the same way without a new look. */
  async reject(db: EntityManager, intake: LineRequestIntake, reasonCode: string): Promise<void> {
    await this.insertRequest(db, intake, 'rejected', null, reasonCode);
  }

  private async settle(
    db: EntityManager,
    ref: LineRequestRef,
    state: 'completed' | 'failed',
    reasonCode: string | null,
  ): Promise<boolean> {
    const [, changed] = await db.query<[unknown, number]>(
      `UPDATE line_requests SET state = $3, reason_code = $4, settled_at = now()
        WHERE subscriber_id = $1 AND request_id = $2 AND state = 'inProgress'`,
      [ref.subscriberId, ref.requestId, state, reasonCode],
    );
    return changed === 1;
  }

  private async insertRequest(
    db: EntityManager,
    intake: LineRequestIntake,
    state: LineRequestState,
    target: LineTarget | null,
    reasonCode: string | null,
  ): Promise<void> {
    await db.query(
      `INSERT INTO line_requests (request_id, subscriber_id, kind, state, event_id, correlation_id,
         target_state, target_plan_code, target_iccid, target_msisdn, target_suspension_reason,
         reason_code, requested_at, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
         CASE WHEN $4 = 'inProgress' THEN NULL ELSE now() END)`,
      [
        intake.requestId,
        intake.subscriberId,
        intake.kind,
        state,
        intake.eventId,
        intake.correlationId,
        target?.state ?? null,
        target?.planCode ?? null,
        target?.iccid ?? null,
        target?.msisdn ?? null,
        target?.suspensionReason ?? null,
        reasonCode,
        new Date(intake.requestedAt),
      ],
    );
  }
}

export function toLine(r: LineRow): Line {
  return {
    subscriberId: r.subscriber_id,
    state: r.state,
    iccid: r.iccid,
    msisdn: r.msisdn,
    imsi: r.imsi,
    planCode: r.plan_code,
    suspensionReason: r.suspension_reason,
    openRequestId: r.open_request_id,
  };
}

function toRequest(r: RequestRow): RecordedRequest {
  return {
    requestId: r.request_id,
    subscriberId: r.subscriber_id,
    kind: r.kind,
    state: r.state,
    reasonCode: r.reason_code,
    mnoOrderId: r.mno_order_id,
  };
}
