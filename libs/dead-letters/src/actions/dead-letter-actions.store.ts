import type { DataSource, EntityManager } from 'typeorm';
import type { DeadLetterRef, DeadLetterStatus } from '../dead-letter';
import { formatRef } from '../dead-letter-ref';

type Db = DataSource | EntityManager;

interface ActionRow {
  dlt_topic: string;
  dlt_partition: number;
  dlt_offset: string;
  action: 'replay' | 'discard';
  operator_id: string;
  reason: string;
  replay_id: string | null;
  acted_at: Date;
}

export interface DeadLetterAction {
  ref: DeadLetterRef;
  consumerGroup: string;
  eventId: string | null;
  action: 'replay' | 'discard';
  operatorId: string;
  reason: string;
  replayId?: string;
}

/** The latest action on each dead letter of these topics, keyed by `topic/partition/offset`. */
export async function statusesOf(
  db: Db,
  topics: readonly string[],
): Promise<Map<string, DeadLetterStatus>> {
  const rows = await db.query<ActionRow[]>(
    `SELECT DISTINCT ON (dlt_topic, dlt_partition, dlt_offset)
            dlt_topic, dlt_partition, dlt_offset, action, operator_id, reason, replay_id, acted_at
       FROM dead_letter_actions WHERE dlt_topic = ANY($1::text[])
      ORDER BY dlt_topic, dlt_partition, dlt_offset, acted_at DESC, id DESC`,
    [topics],
  );
  return new Map(rows.map((r) => [refId(r), toStatus(r)]));
}

/** The status of one dead letter, read inside the caller's transaction. */
export async function statusOf(db: Db, ref: DeadLetterRef): Promise<DeadLetterStatus> {
  const rows = await db.query<ActionRow[]>(
    `SELECT dlt_topic, dlt_partition, dlt_offset, action, operator_id, reason, replay_id, acted_at
       FROM dead_letter_actions WHERE dlt_topic = $1 AND dlt_partition = $2 AND dlt_offset = $3
      ORDER BY acted_at DESC, id DESC LIMIT 1`,
    [ref.topic, ref.partition, ref.offset],
  );
  return rows[0] ? toStatus(rows[0]) : { state: 'open' };
}

/**
 * Serialises decisions on one dead letter until the caller's transaction ends, so two operators
 * replaying the same record at once cannot both pass the "already replayed?" check.
 */
export async function lockDeadLetter(manager: EntityManager, ref: DeadLetterRef): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [formatRef(ref)]);
}

export async function recordAction(manager: EntityManager, a: DeadLetterAction): Promise<void> {
  await manager.query(
    `INSERT INTO dead_letter_actions
       (dlt_topic, dlt_partition, dlt_offset, consumer_group, event_id, action, operator_id, reason, replay_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      a.ref.topic,
      a.ref.partition,
      a.ref.offset,
      a.consumerGroup,
      a.eventId,
      a.action,
      a.operatorId,
      a.reason,
      a.replayId ?? null,
    ],
  );
}

function refId(r: ActionRow): string {
  return formatRef({ topic: r.dlt_topic, partition: r.dlt_partition, offset: r.dlt_offset });
}

function toStatus(r: ActionRow): DeadLetterStatus {
  const at = r.acted_at.toISOString();
  return r.action === 'replay'
    ? { state: 'replayed', by: r.operator_id, at, replayId: r.replay_id ?? '', reason: r.reason }
    : { state: 'discarded', by: r.operator_id, at, reason: r.reason };
}
