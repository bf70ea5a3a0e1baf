import { Presets, SingleBar } from 'cli-progress';
import type { DemoContext } from './demo-context';

export interface Snapshot {
  byState: Record<string, number>;
  settled: number;
  total: number;
}

/** Where the tracked activations stand, from the saga's own table. */
export async function snapshot(ctx: DemoContext): Promise<Snapshot> {
  const ids = ctx.tracked.map((t) => t.activationId);
  const rows = await ctx.db.query<{ state: string; n: number }[]>(
    'SELECT state, count(*)::int AS n FROM activations WHERE activation_id = ANY($1) GROUP BY state',
    [ids],
  );
  const byState = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  const settled = (byState.completed ?? 0) + (byState.rejected ?? 0) + (byState.failed ?? 0);
  return { byState, settled, total: ids.length };
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
        inProgress: (s.byState.inProgress ?? 0) + (s.byState.acknowledged ?? 0),
        held: s.byState.held ?? 0,
      });
      if (await done(s)) return s;
      if (Date.now() > deadline) return s;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    bar.stop();
  }
}
