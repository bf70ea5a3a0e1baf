import type { QueryRunner } from 'typeorm';
import { queryRows } from '../consumer/sql-rows';
import type { OutgoingRecord } from '../port/messaging.port';

export interface PendingOutboxRow {
  id: string;
  record: OutgoingRecord;
}

/** Rows written with the state change that caused them; the relay publishes them later, in id order. */
export class OutboxStore {
  async insert(qr: QueryRunner, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await qr.query(
      `INSERT INTO outbox (topic, message_key, headers, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bytea[])`,
      [
        records.map((r) => r.topic),
        records.map((r) => r.key),
        records.map((r) => JSON.stringify(r.headers)),
        records.map((r) => r.value),
      ],
    );
  }

  async pending(qr: QueryRunner, limit: number): Promise<PendingOutboxRow[]> {
    const rows = await queryRows<{
      id: string;
      topic: string;
      message_key: string | null;
      headers: Record<string, string>;
      payload: Buffer;
    }>(
      qr,
      'SELECT id, topic, message_key, headers, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      record: { topic: r.topic, key: r.message_key, headers: r.headers, value: r.payload },
    }));
  }

  async markSent(qr: QueryRunner, ids: readonly string[]): Promise<void> {
    await qr.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids]);
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
