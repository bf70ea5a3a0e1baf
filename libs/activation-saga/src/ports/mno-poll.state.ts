import type { EntityManager } from 'typeorm';

/** What a claimed poll knows: how far its last round read, in the MNO's clock (epoch ms). */
export interface PollClaim {
  readThrough: number | null;
}

/**
 * The polls of the MNO (`mno_polls`, decision 73): one row per poll, whose row lock is the right to
 * do a round. `claim` skips a row another instance holds (`SKIP LOCKED`), or one whose last round
 * is more recent than the gap, so instances sharing the table do one round per interval between them.
 */
export class MnoPollState {
  async claim(db: EntityManager, poll: string, minGapMs: number): Promise<PollClaim | undefined> {
    const rows = await db.query<{ read_through_ms: string | null }[]>(
      `SELECT (extract(epoch FROM read_through) * 1000)::bigint AS read_through_ms FROM mno_polls
        WHERE poll = $1
          AND (last_round_at IS NULL OR last_round_at <= now() - make_interval(secs => $2))
        FOR UPDATE SKIP LOCKED`,
      [poll, minGapMs / 1000],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { readThrough: row.read_through_ms === null ? null : Number(row.read_through_ms) };
  }

  async finish(db: EntityManager, poll: string, readThrough: number | null): Promise<void> {
    await db.query(
      `UPDATE mno_polls SET read_through = to_timestamp($2::double precision / 1000),
              last_round_at = now()
        WHERE poll = $1`,
      [poll, readThrough],
    );
  }
}
