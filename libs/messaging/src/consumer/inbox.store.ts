import type { QueryRunner } from 'typeorm';
import { queryRows } from './sql-rows';

/**
 * The inbox makes redelivery harmless: (consumer group, event id) is unique, is written in the same
 * transaction as the handler's own writes, and a record whose id is already there is acknowledged
 * without running the handler again.
 */
export class InboxStore {
  async processedAmong(
    qr: QueryRunner,
    group: string,
    eventIds: readonly string[],
  ): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await queryRows<{ event_id: string }>(
      qr,
      'SELECT event_id FROM inbox WHERE consumer_group = $1 AND event_id = ANY($2::text[])',
      [group, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  async record(qr: QueryRunner, group: string, eventIds: readonly string[]): Promise<void> {
    await this.recordNew(qr, group, eventIds);
  }

  /**
   * Records the ids and returns those that were not there yet. A concurrent transaction recording
   * the same id makes this one wait for it and then leave that id out: the caller drops the
   * handling that came second, so a record handled twice at once (a rebalance) has one effect.
   */
  async recordNew(
    qr: QueryRunner,
    group: string,
    eventIds: readonly string[],
  ): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await queryRows<{ event_id: string }>(
      qr,
      `INSERT INTO inbox (consumer_group, event_id)
       SELECT $1, id FROM unnest($2::text[]) AS id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [group, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
