import { Presets, SingleBar } from 'cli-progress';
import type { RedriveResult } from '@handoff/activation-saga';

/** A progress bar on stderr when more than one activation is re-driven, so stdout stays the report. */
export function redriveProgress() {
  let bar: SingleBar | undefined;
  const counts = { redriven: 0, wouldRedrive: 0, skipped: 0, notFound: 0 };
  return {
    onProgress: (done: number, total: number, result: RedriveResult): void => {
      if (total < 2) return;
      if (!bar) {
        bar = new SingleBar(
          {
            format: 'redrive {bar} {value}/{total} | re-driven {redriven} | skipped {skipped}',
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(total, 0, counts);
      }
      counts[result.outcome] += 1;
      bar.update(done, counts);
    },
    stop: (): void => bar?.stop(),
  };
}
