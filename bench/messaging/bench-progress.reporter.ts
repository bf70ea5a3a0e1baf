import { SingleBar } from 'cli-progress';

export interface PhaseProgress {
  update(done: number, note?: string): void;
  stop(): void;
}

/**
 * One progress bar per phase. Outside a terminal (CI, a pipe) it prints a line every two seconds
 * instead of redrawing, so logs still show that the bench is moving.
 */
export function startProgress(label: string, total: number): PhaseProgress {
  const started = performance.now();
  const bar = new SingleBar({
    format: `${label.padEnd(28)} [{bar}] {percentage}% {value}/{total} {rate} rec/s {note}`,
    barsize: 24,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 2_000,
    clearOnComplete: false,
  });
  bar.start(total, 0, { rate: 0, note: '' });
  return {
    update(done, note = '') {
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0, note });
    },
    stop: () => bar.stop(),
  };
}
