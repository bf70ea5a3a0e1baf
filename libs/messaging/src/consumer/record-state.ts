import type { DataSource } from 'typeorm';
import { MicroBatcher } from './micro-batcher';

export interface RecordState {
  /** The event is in the inbox: handled before. */
  processed: boolean;
  /** The event its key waits behind in the retry path, if any. */
  blocker: string | undefined;
  /**
   * The key this event itself blocks, found by its event id: usually its subject, but a block
   * migrated to another key (the subscriber id, from an ICCID) is still released by its event.
   */
  blocksKey: string | undefined;
}

interface Asked {
  eventId: string;
  key: string;
}

/**
 * Looks up, just before a record runs, whether it was processed and whether its key is blocked.
 * The records that ask at the same moment share one query.
 */
export class RecordStateReader {
  private readonly batcher: MicroBatcher<Asked, RecordState>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly groupId: string,
  ) {
    this.batcher = new MicroBatcher((asked) => this.readAll(asked));
  }

  read(eventId: string, key: string): Promise<RecordState> {
    return this.batcher.load({ eventId, key });
  }

  private async readAll(asked: Asked[]): Promise<RecordState[]> {
    const rows = await this.dataSource.query<
      { processed: string[]; blockers: Record<string, string>; held: Record<string, string> }[]
    >(
      `SELECT
         (SELECT coalesce(array_agg(event_id), '{}') FROM inbox
           WHERE consumer_group = $1 AND event_id = ANY($2::text[])) AS processed,
         (SELECT coalesce(json_object_agg(subscriber_key, blocking_event_id), '{}') FROM subscriber_blocks
           WHERE consumer_group = $1 AND subscriber_key = ANY($3::text[])) AS blockers,
         (SELECT coalesce(json_object_agg(blocking_event_id, subscriber_key), '{}') FROM subscriber_blocks
           WHERE consumer_group = $1 AND blocking_event_id = ANY($2::text[])) AS held`,
      [this.groupId, asked.map((a) => a.eventId), [...new Set(asked.map((a) => a.key))]],
    );
    const processed = new Set(rows[0].processed);
    const { blockers, held } = rows[0];
    return asked.map((a) => ({
      processed: processed.has(a.eventId),
      blocker: blockers[a.key],
      blocksKey: held[a.eventId],
    }));
  }
}
