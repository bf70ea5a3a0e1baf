import { Presets, SingleBar } from 'cli-progress';
import type { InspectedSimFile, SimFileSummary } from '@handoff/sim-inventory';

/**
 * A progress bar per file on stderr (cli-progress draws nothing when stderr is not a terminal),
 * so stdout stays the report.
 */
export function importProgress() {
  let bar: SingleBar | undefined;
  let current: InspectedSimFile | undefined;
  return {
    onProgress: (file: InspectedSimFile, linesDone: number): void => {
      if (current !== file) {
        bar?.stop();
        current = file;
        const format = `${file.fileName} {bar} {value}/{total} lines | {eta}s left`;
        bar = new SingleBar({ format, hideCursor: true }, Presets.shades_classic);
        bar.start(file.lines, 0);
      }
      bar?.update(linesDone);
    },
    stop: (): void => bar?.stop(),
  };
}

export function summaryText(s: SimFileSummary): string {
  const lines = [
    `${s.file}: ${s.linesRead} lines read, ${s.added} added, ${s.shipped} shipped, ` +
      `${s.unchanged} unchanged, ${s.conflicts} conflicting, ${s.bad} bad`,
    ...s.badLines.map((b) => `  line ${b.lineNumber}: ${b.reason}`),
  ];
  const unshown = s.bad + s.conflicts - s.badLines.length;
  if (unshown > 0) lines.push(`  ... and ${unshown} more lines`);
  return lines.join('\n');
}
