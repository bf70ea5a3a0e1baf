import type { DataSource, EntityManager } from 'typeorm';
import {
  ACTIVATION_STATUS_COLUMNS,
  toStatus,
  type ActivationStatus,
  type ActivationStatusRow,
} from './activation-status';
import type { Line, LineRequestKind } from './line/line';
import { toLine, type LineRow } from './line/line.repository';

type Db = DataSource | EntityManager;

/** An activation as a diagnostic view needs it: its status, and the number it was for. */
export interface ActivationRecordSummary extends ActivationStatus {
  msisdn: string | null;
  imsi: string | null;
}

/** A lifecycle request the MNO has not finished yet. */
export interface OpenLineRequest {
  requestId: string;
  kind: LineRequestKind;
  correlationId: string;
  openedAt: Date;
}

/** What Handoff holds about one subscriber, found by subscriber id, MSISDN or ICCID. */
export interface SubscriberRecords {
  /** The subscriber id, when there is a line or an activation that names one. */
  subscriberId: string | null;
  line: Line | undefined;
  /** Newest first; the activation that made the line and any since (a SIM tried again, say). */
  activations: ActivationRecordSummary[];
  openRequests: OpenLineRequest[];
}

const RECENT_ACTIVATIONS = 5;

/**
 * The line and activations one identifier names, or undefined when it names none. A number names
 * the live line that has it (a terminated line's number may be another's now); an activation that
 * has not made a line yet (held, say) is found by its subscriber id, ICCID or number.
 */
export async function findSubscriberRecords(
  db: Db,
  identifier: string,
): Promise<SubscriberRecords | undefined> {
  const [lineRow] = await db.query<LineRow[]>(
    `SELECT * FROM subscribers WHERE subscriber_id = $1 OR iccid = $1 OR msisdn = $1
      ORDER BY subscriber_id = $1 DESC, state <> 'terminated' DESC, updated_at DESC LIMIT 1`,
    [identifier],
  );
  const line = lineRow && toLine(lineRow);
  const activations = await activationsOf(db, identifier, line);
  const subscriberId = line?.subscriberId ?? activations.find((a) => a.subscriberId)?.subscriberId;
  if (!line && activations.length === 0) return undefined;
  return {
    subscriberId: subscriberId ?? null,
    line,
    activations,
    openRequests: subscriberId ? await openRequestsOf(db, subscriberId) : [],
  };
}

async function activationsOf(
  db: Db,
  identifier: string,
  line: Line | undefined,
): Promise<ActivationRecordSummary[]> {
  const rows = await db.query<
    (ActivationStatusRow & { msisdn: string | null; imsi: string | null })[]
  >(
    `SELECT ${ACTIVATION_STATUS_COLUMNS}, msisdn, imsi FROM activations
      WHERE subscriber_id = ANY($1::text[]) OR iccid = ANY($1::text[]) OR msisdn = $2
      ORDER BY requested_at DESC, activation_id DESC LIMIT $3`,
    [
      [identifier, line?.subscriberId, line?.iccid].filter((v): v is string => Boolean(v)),
      identifier,
      RECENT_ACTIVATIONS,
    ],
  );
  return rows.map((row) => ({ ...toStatus(row), msisdn: row.msisdn, imsi: row.imsi }));
}

async function openRequestsOf(db: Db, subscriberId: string): Promise<OpenLineRequest[]> {
  const rows = await db.query<
    { request_id: string; kind: LineRequestKind; correlation_id: string; created_at: Date }[]
  >(
    `SELECT request_id, kind, correlation_id, created_at FROM line_requests
      WHERE subscriber_id = $1 AND state = 'inProgress' ORDER BY created_at`,
    [subscriberId],
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    kind: r.kind,
    correlationId: r.correlation_id,
    openedAt: r.created_at,
  }));
}
