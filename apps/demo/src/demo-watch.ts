import { Presets, SingleBar } from 'cli-progress';
import type { DemoContext } from './demo-context';

export interface Snapshot {
  byState: Record<string, number>;
  settled: number;
  total: number;
  /**
   * In progress, but the last vendor call was refused by an open breaker (`held` in the ledger):
   * waiting out a payment processor outage. A row is `held` only for the MNO.
   */
  waitingOnBreaker: number;
}

/** Where the tracked activations stand, from the saga's own table and its ledger. */
export async function snapshot(ctx: DemoContext): Promise<Snapshot> {
  const ids = ctx.tracked.map((t) => t.activationId);
  const rows = await ctx.db.query<{ state: string; waiting: boolean; n: number }[]>(
    `SELECT a.state, coalesce(a.state = 'inProgress' AND last_call.outcome = 'held', false) AS waiting,
            count(*)::int AS n
     FROM activations a
     LEFT JOIN LATERAL (
       SELECT outcome FROM audit_ledger l
       WHERE l.correlation_id = a.correlation_id AND l.kind = 'vendor-call'
       ORDER BY l.occurred_at DESC, l.id DESC LIMIT 1
     ) last_call ON true
     WHERE a.activation_id = ANY($1) GROUP BY 1, 2`,
    [ids],
  );
  const byState: Record<string, number> = {};
  for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + r.n;
  const waitingOnBreaker = rows.filter((r) => r.waiting).reduce((n, r) => n + r.n, 0);
  const settled = (byState.completed ?? 0) + (byState.rejected ?? 0) + (byState.failed ?? 0);
  return { byState, settled, total: ids.length, waitingOnBreaker };
}

/** Shows progress until `done` says so, or the deadline passes (then says what is still open). */
export async function watch(
  ctx: DemoContext,
  label: string,
  done: (s: Snapshot) => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<Snapshot> {
  const bar = new SingleBar(
    {
      format: `   ${label.padEnd(22)} {bar} {value}/{total} settled | in progress {inProgress} | held {held}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
    },
    Presets.shades_classic,
  );
  let s = await snapshot(ctx);
  bar.start(s.total, s.settled, { inProgress: 0, held: 0 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      s = await snapshot(ctx);
      bar.setTotal(s.total);
      bar.update(s.settled, {
        inProgress:
          (s.byState.inProgress ?? 0) + (s.byState.acknowledged ?? 0) - s.waitingOnBreaker,
        held: (s.byState.held ?? 0) + s.waitingOnBreaker,
      });
      if (await done(s)) return s;
      if (Date.now() > deadline) return s;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    bar.stop();
  }
}

/**
 * Looks every 200 ms until `probe` finds what it waits for (not undefined), or throws `failure`'s
 * message (it says what was seen last) once `timeoutMs` has passed. No progress bar: for waits on
 * what the BSS hears, where the activations' bar would say nothing.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  failure: () => string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
