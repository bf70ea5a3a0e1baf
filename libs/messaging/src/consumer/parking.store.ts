import type { QueryRunner } from 'typeorm';
import { queryRows } from './sql-rows';
import type { IncomingRecord } from '../port/messaging.port';

export interface ParkedRecord {
  id: string;
  eventId: string;
  record: IncomingRecord;
}

/**
 * Per-subscriber order across the retry path. While one event of a subscriber waits in the retry
 * path, its key is blocked for that consumer group and later events for the same key are parked
 * here; when the blocker is done (succeeded or dead-lettered) the retry consumer drains the parked
 * events in order. Row locks on the block make "park" and "drain" exclude each other.
 */
export class ParkingStore {
  /** Blocked keys among `keys`; FOR SHARE keeps a concurrent drain from releasing them under us. */
  async lockBlockedAmong(
    qr: QueryRunner,
    group: string,
    keys: readonly string[],
  ): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await queryRows<{ subscriber_key: string }>(
      qr,
      `SELECT subscriber_key FROM subscriber_blocks
       WHERE consumer_group = $1 AND subscriber_key = ANY($2::text[]) ORDER BY subscriber_key FOR SHARE`,
      [group, keys],
    );
    return new Set(rows.map((r) => r.subscriber_key));
  }

  /** The event currently blocking `key`, locked for this transaction. */
  async lockBlocker(qr: QueryRunner, group: string, key: string): Promise<string | undefined> {
    const rows = await queryRows<{ blocking_event_id: string }>(
      qr,
      'SELECT blocking_event_id FROM subscriber_blocks WHERE consumer_group = $1 AND subscriber_key = $2 FOR UPDATE',
      [group, key],
    );
    return rows[0]?.blocking_event_id;
  }

  async block(qr: QueryRunner, group: string, key: string, eventId: string): Promise<void> {
    await qr.query(
      `INSERT INTO subscriber_blocks (consumer_group, subscriber_key, blocking_event_id) VALUES ($1, $2, $3)
       ON CONFLICT (consumer_group, subscriber_key) DO UPDATE SET blocking_event_id = EXCLUDED.blocking_event_id`,
      [group, key, eventId],
    );
  }

  async unblock(qr: QueryRunner, group: string, key: string): Promise<void> {
    await qr.query(
      'DELETE FROM subscriber_blocks WHERE consumer_group = $1 AND subscriber_key = $2',
      [group, key],
    );
  }

  async park(
    qr: QueryRunner,
    group: string,
    key: string,
    eventId: string,
    r: IncomingRecord,
  ): Promise<void> {
    await qr.query(
      `INSERT INTO parked_events
         (consumer_group, subscriber_key, event_id, source_topic, source_partition, source_offset, message_key, headers, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        group,
        key,
        eventId,
        r.topic,
        r.partition,
        r.offset,
        r.key,
        JSON.stringify(r.headers),
        r.value ?? Buffer.alloc(0),
      ],
    );
  }

  async parkedFor(
    qr: QueryRunner,
    group: string,
    key: string,
    limit = 1_000,
  ): Promise<ParkedRecord[]> {
    const rows = await queryRows<{
      id: string;
      event_id: string;
      source_topic: string;
      source_partition: number;
      source_offset: string;
      message_key: string | null;
      headers: Record<string, string>;
      payload: Buffer;
      parked_at: Date;
    }>(
      qr,
      'SELECT * FROM parked_events WHERE consumer_group = $1 AND subscriber_key = $2 ORDER BY id LIMIT $3',
      [group, key, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      record: {
        topic: r.source_topic,
        partition: r.source_partition,
        offset: r.source_offset,
        key: r.message_key,
        headers: r.headers,
        value: r.payload,
        timestamp: String(r.parked_at.getTime()),
      },
    }));
  }

  async removeParked(qr: QueryRunner, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await qr.query('DELETE FROM parked_events WHERE id = ANY($1::bigint[])', [ids]);
  }
}
