import { Presets, SingleBar } from 'cli-progress';
import type { ReplayResult } from '@handoff/dead-letters';

/** A progress bar on stderr for bulk replays (more than one record), so stdout stays the report. */
export function replayProgress() {
  let bar: SingleBar | undefined;
  const counts = { replayed: 0, refused: 0, skipped: 0 };
  return {
    onProgress: (done: number, total: number, result: ReplayResult): void => {
      if (total < 2) return;
      if (!bar) {
        bar = new SingleBar(
          {
            format:
              'replay {bar} {value}/{total} | replayed {replayed} | refused {refused} | skipped {skipped}',
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(total, 0, counts);
      }
      if (result.outcome in counts) counts[result.outcome as keyof typeof counts] += 1;
      bar.update(done, counts);
    },
    stop: (): void => bar?.stop(),
  };
}
