import type { EntityManager } from 'typeorm';
import type { IdentifiedLine } from '@handoff/activation-saga';
import type { UsageType, ValidUsage } from './usage-record';

/** TMF635 states a record rests in; `received` lasts only until its batch's transaction commits. */
export type RestingState = 'guided' | 'recycled' | 'rejected';

export interface UsageRow extends ValidUsage {
  state: 'guided' | 'recycled';
  late: boolean;
  line: IdentifiedLine | undefined;
}

/** A recycled record as the re-guiding pass reads it. */
export interface RecycledRecord {
  recordId: string;
  imsi: string | null;
  msisdn: string | null;
  usageType: UsageType;
  startedAt: Date;
  receivedAt: Date;
  late: boolean;
  durationSeconds: number;
  messageCount: number;
  bytesUp: number;
  bytesDown: number;
}

export const SUBSCRIBER_UNKNOWN = 'USAGE.SUBSCRIBER_UNKNOWN';

/** `usage_records`: one row per MNO record id, which is its primary key and the de-duplication. */
export class UsageRecordStore {
  /** Inserts the rows whose record id is new, in one statement; returns those record ids. */
  async insertNew(db: EntityManager, rows: readonly UsageRow[], at: Date): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const col = <T>(pick: (r: UsageRow) => T) => rows.map(pick);
    const inserted = await db.query<{ record_id: string }[]>(
      `INSERT INTO usage_records (record_id, event_id, state, imsi, msisdn, record_type, started_at,
         usage_day, duration_seconds, message_count, bytes_up, bytes_down, late, subscriber_id,
         plan_code, file_sha256, line_number, received_at, settled_at)
       SELECT r.id, r.ev, r.st, r.imsi, r.msisdn, r.ty, r.at, (r.at AT TIME ZONE 'UTC')::date,
              r.dur, r.msg, r.up, r.down, r.late, r.sub, r.plan, r.sha, r.line, $17,
              CASE WHEN r.st = 'guided' THEN $17::timestamptz END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::timestamptz[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[],
                     $12::boolean[], $13::text[], $14::text[], $15::text[], $16::bigint[])
           AS r(id, ev, st, imsi, msisdn, ty, at, dur, msg, up, down, late, sub, plan, sha, line)
       ON CONFLICT (record_id) DO NOTHING
       RETURNING record_id`,
      [
        col((r) => r.recordId),
        col((r) => r.eventId),
        col((r) => r.state),
        col((r) => r.imsi),
        col((r) => r.msisdn),
        col((r) => r.usageType),
        col((r) => r.startedAt),
        col((r) => r.durationSeconds),
        col((r) => r.messageCount),
        col((r) => r.bytesUp),
        col((r) => r.bytesDown),
        col((r) => r.late),
        col((r) => r.line?.subscriberId ?? null),
        col((r) => r.line?.planCode ?? null),
        col((r) => r.fileSha256),
        col((r) => r.lineNumber),
        at,
      ],
    );
    return new Set(inserted.map((r) => r.record_id));
  }

  /** The next page of recycled records, oldest arrival first, locked (others skip them). */
  async recycledPage(
    db: EntityManager,
    after: { receivedAt: Date; recordId: string } | undefined,
    limit: number,
  ): Promise<RecycledRecord[]> {
    const rows = await db.query<RecycledRow[]>(
      `SELECT record_id, imsi, msisdn, record_type, started_at, received_at, late,
              duration_seconds, message_count, bytes_up, bytes_down
         FROM usage_records
        WHERE state = 'recycled' AND ($1::timestamptz IS NULL OR (received_at, record_id) > ($1, $2))
        ORDER BY received_at, record_id LIMIT $3
        FOR UPDATE SKIP LOCKED`,
      [after?.receivedAt ?? null, after?.recordId ?? '', limit],
    );
    return rows.map(toRecycled);
  }

  /** Recycled records whose line has appeared become guided. */
  async guide(
    db: EntityManager,
    found: readonly { recordId: string; line: IdentifiedLine }[],
    at: Date,
  ): Promise<void> {
    if (found.length === 0) return;
    await db.query(
      `UPDATE usage_records u SET state = 'guided', subscriber_id = f.sub, plan_code = f.plan,
              settled_at = $4
         FROM unnest($1::text[], $2::text[], $3::text[]) AS f(id, sub, plan)
        WHERE u.record_id = f.id AND u.state = 'recycled'`,
      [
        found.map((f) => f.recordId),
        found.map((f) => f.line.subscriberId),
        found.map((f) => f.line.planCode),
        at,
      ],
    );
  }

  /** Recycled records that arrived before `before` are rejected: their line never appeared. */
  async expire(db: EntityManager, before: Date, limit: number, at: Date) {
    // TypeORM answers an UPDATE with [rows, count], an INSERT with the rows alone.
    const [rows] = await db.query<[ExpiredRow[], number]>(
      `UPDATE usage_records SET state = 'rejected', reason_code = $3, settled_at = $4
        WHERE record_id IN (
          SELECT record_id FROM usage_records
           WHERE state = 'recycled' AND received_at < $1
           ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING record_id, imsi, msisdn, record_type, started_at, received_at`,
      [before, limit, SUBSCRIBER_UNKNOWN, at],
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      subject: r.imsi ?? r.msisdn ?? r.record_id,
      usageType: r.record_type,
      startedAt: r.started_at,
      receivedAt: r.received_at,
    }));
  }

  /** Forgets settled records that arrived before `before` (the de-duplication window); recycled stay. */
  async purge(db: EntityManager, before: Date, limit: number): Promise<number> {
    const [, deleted] = await db.query<[unknown, number]>(
      `DELETE FROM usage_records WHERE record_id IN (
         SELECT record_id FROM usage_records
          WHERE received_at < $1 AND state <> 'recycled' LIMIT $2)`,
      [before, limit],
    );
    return deleted;
  }
}

interface ExpiredRow {
  record_id: string;
  imsi: string | null;
  msisdn: string | null;
  record_type: UsageType;
  started_at: Date;
  received_at: Date;
}

interface RecycledRow extends ExpiredRow {
  late: boolean;
  duration_seconds: string;
  message_count: string;
  bytes_up: string;
  bytes_down: string;
}

function toRecycled(r: RecycledRow): RecycledRecord {
  return {
    recordId: r.record_id,
    imsi: r.imsi,
    msisdn: r.msisdn,
    usageType: r.record_type,
    startedAt: r.started_at,
    receivedAt: r.received_at,
    late: r.late,
    durationSeconds: Number(r.duration_seconds),
    messageCount: Number(r.message_count),
    bytesUp: Number(r.bytes_up),
    bytesDown: Number(r.bytes_down),
  };
}
