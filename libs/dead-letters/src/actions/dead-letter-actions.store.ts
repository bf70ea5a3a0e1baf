import type { DataSource, EntityManager } from 'typeorm';
import type { DeadLetter, DeadLetterStatus } from '../dead-letter';
import { formatRef } from '../dead-letter-ref';

type Db = DataSource | EntityManager;

/** What a decision is keyed by: the dead letter's own id, or its position when it has none. */
export type DecisionSubject = Pick<DeadLetter, 'ref' | 'uid'>;

interface ActionRow {
  decision_key: string;
  action: 'replay' | 'discard';
  operator_id: string;
  reason: string;
  replay_id: string | null;
  acted_at: Date;
}

export interface DeadLetterAction {
  subject: DecisionSubject;
  consumerGroup: string;
  eventId: string | null;
  action: 'replay' | 'discard';
  operatorId: string;
  reason: string;
  replayId?: string;
}

/**
 * A decision on a dead letter with an id applies to that id wherever the record sits; a decision
 * recorded without one (before Handoff wrote ids) applies only to a record without one at the same
 * position (decision 25). A UUID holds no slash and a position always does, so the keys never meet.
 */
const DECISION_KEY = `COALESCE(dead_letter_uid, dlt_topic || '/' || dlt_partition || '/' || dlt_offset)`;

function latestActions(where: string): string {
  return `SELECT DISTINCT ON (decision_key) * FROM (
            SELECT ${DECISION_KEY} AS decision_key, id, action, operator_id, reason, replay_id, acted_at
              FROM dead_letter_actions WHERE ${where}) AS a
           ORDER BY decision_key, acted_at DESC, id DESC`;
}

export function decisionKey(d: DecisionSubject): string {
  return d.uid ?? formatRef(d.ref);
}

/** The latest action on each of these dead letters, by `decisionKey`. */
export async function statusesOf(
  db: Db,
  deadLetters: readonly DecisionSubject[],
): Promise<Map<string, DeadLetterStatus>> {
  const uids = deadLetters.flatMap((d) => (d.uid ? [d.uid] : []));
  const unnamedTopics = [...new Set(deadLetters.filter((d) => !d.uid).map((d) => d.ref.topic))];
  const rows = await db.query<ActionRow[]>(
    latestActions(`dead_letter_uid = ANY($1::text[])
                   OR (dead_letter_uid IS NULL AND dlt_topic = ANY($2::text[]))`),
    [uids, unnamedTopics],
  );
  return new Map(rows.map((r) => [r.decision_key, toStatus(r)]));
}

/** The status of one dead letter, read inside the caller's transaction. */
export async function statusOf(db: Db, d: DecisionSubject): Promise<DeadLetterStatus> {
  const rows = d.uid
    ? await db.query<ActionRow[]>(latestActions('dead_letter_uid = $1'), [d.uid])
    : await db.query<ActionRow[]>(
        latestActions(
          'dead_letter_uid IS NULL AND dlt_topic = $1 AND dlt_partition = $2 AND dlt_offset = $3',
        ),
        [d.ref.topic, d.ref.partition, d.ref.offset],
      );
  return rows[0] ? toStatus(rows[0]) : { state: 'open' };
}

/**
 * Serialises decisions on one dead letter until the caller's transaction ends, so two operators
 * replaying the same record at once cannot both pass the "already replayed?" check.
 */
export async function lockDeadLetter(manager: EntityManager, d: DecisionSubject): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [decisionKey(d)]);
}

export async function recordAction(manager: EntityManager, a: DeadLetterAction): Promise<void> {
  const { ref, uid } = a.subject;
  await manager.query(
    `INSERT INTO dead_letter_actions
       (dead_letter_uid, dlt_topic, dlt_partition, dlt_offset, consumer_group, event_id, action,
        operator_id, reason, replay_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      uid,
      ref.topic,
      ref.partition,
      ref.offset,
      a.consumerGroup,
      a.eventId,
      a.action,
      a.operatorId,
      a.reason,
      a.replayId ?? null,
    ],
  );
}

function toStatus(r: ActionRow): DeadLetterStatus {
  const at = r.acted_at.toISOString();
  return r.action === 'replay'
    ? { state: 'replayed', by: r.operator_id, at, replayId: r.replay_id ?? '', reason: r.reason }
    : { state: 'discarded', by: r.operator_id, at, reason: r.reason };
}
