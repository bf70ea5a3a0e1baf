import type { DataSource, QueryRunner } from 'typeorm';
import { queryRows } from '../consumer/sql-rows';
import type { OutgoingRecord } from '../port/messaging.port';

export interface OutboxRow {
  id: string;
  record: OutgoingRecord;
}

/** PostgreSQL accepts at most 65535 parameters per statement; five per row. */
const ROWS_PER_INSERT = 10_000;

/** Rows written with the state change that caused them, published in id order. */
export class OutboxStore {
  /**
   * Writes the records and returns them with their ids. One parameter per value rather than
   * arrays, so node-postgres sends payloads as binary instead of hex text.
   * @param relayAfterMs how long the relay leaves these rows to the caller's own fast path
   */
  async insert(
    qr: QueryRunner,
    records: readonly OutgoingRecord[],
    relayAfterMs = 0,
  ): Promise<OutboxRow[]> {
    const rows: OutboxRow[] = [];
    for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
      const slice = records.slice(start, start + ROWS_PER_INSERT);
      const params: unknown[] = [`${relayAfterMs} milliseconds`];
      const values = slice.map((r) => {
        params.push(r.topic, r.key, JSON.stringify(r.headers), r.value);
        const n = params.length;
        return `($${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n}, now() + $1::interval)`;
      });
      const ids = await queryRows<{ id: string }>(
        qr,
        `INSERT INTO outbox (topic, message_key, headers, payload, relay_after) VALUES ${values.join(', ')} RETURNING id`,
        params,
      );
      ids.forEach(({ id }, i) => rows.push({ id: String(id), record: slice[i] }));
    }
    return rows;
  }

  /**
   * The oldest unsent rows that are the relay's business. Stops at the first row still left to a
   * fast path, so the relay never publishes a later row before an earlier one.
   */
  async due(qr: QueryRunner, limit: number): Promise<{ rows: OutboxRow[]; waiting: boolean }> {
    // Ids first (cheap); payloads only for the due prefix, which is usually empty while fast
    // paths are publishing their own rows.
    const head = await queryRows<{ id: string; due: boolean }>(
      qr,
      'SELECT id, relay_after <= now() AS due FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1',
      [limit],
    );
    const firstNotDue = head.findIndex((r) => !r.due);
    const dueIds = head.slice(0, firstNotDue === -1 ? head.length : firstNotDue).map((r) => r.id);
    const waiting = firstNotDue !== -1;
    if (dueIds.length === 0) return { rows: [], waiting };
    const rows = await queryRows<{
      id: string;
      topic: string;
      message_key: string | null;
      headers: Record<string, string>;
      payload: Buffer;
    }>(
      qr,
      'SELECT id, topic, message_key, headers, payload FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id',
      [dueIds],
    );
    return {
      rows: rows.map((r) => ({
        id: String(r.id),
        record: { topic: r.topic, key: r.message_key, headers: r.headers, value: r.payload },
      })),
      waiting,
    };
  }

  /** Rows not yet published, and how long the oldest has waited (0 when none). */
  async backlog(dataSource: DataSource): Promise<{ unsent: number; oldestAgeSeconds: number }> {
    const [row] = await dataSource.query<{ unsent: number; age: number }[]>(
      `SELECT count(*)::int AS unsent,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
         FROM outbox WHERE sent_at IS NULL`,
    );
    return { unsent: row.unsent, oldestAgeSeconds: row.age };
  }

  async markSent(qr: QueryRunner, ids: readonly string[]): Promise<void> {
    await qr.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** Hands every unsent row to the relay at once (the fast path failed). */
  async releaseToRelay(qr: QueryRunner): Promise<void> {
    await qr.query(
      'UPDATE outbox SET relay_after = now() WHERE sent_at IS NULL AND relay_after > now()',
    );
  }

  /** Sent rows are only history once the broker has them; keep a window for forensics. */
  async purgeSentBefore(qr: QueryRunner, before: Date): Promise<number> {
    // For DELETE, TypeORM's postgres driver answers [rows, affected count].
    const result = (await qr.query('DELETE FROM outbox WHERE sent_at < $1', [before])) as [
      unknown,
      number,
    ];
    return result[1] ?? 0;
  }
}
