import { Presets, SingleBar } from 'cli-progress';
import type { InspectedUsageFile, UsageFileSummary } from '@handoff/usage-feed';

/**
 * A progress bar per file on stderr (cli-progress draws nothing when stderr is not a terminal),
 * so stdout stays the report.
 */
export function importProgress() {
  let bar: SingleBar | undefined;
  let current: InspectedUsageFile | undefined;
  return {
    onProgress: (file: InspectedUsageFile, linesDone: number): void => {
      if (current !== file) {
        bar?.stop();
        current = file;
        bar = new SingleBar(
          {
            format: `${file.fileName} {bar} {value}/{total} lines | {eta}s left`,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(file.lines, 0);
      }
      bar?.update(linesDone);
    },
    stop: (): void => bar?.stop(),
  };
}

export function summaryText(summary: UsageFileSummary): string {
  const lines = [
    `${summary.file}: ${summary.linesRead} lines read, ${summary.published} published, ` +
      `${summary.duplicates} duplicate, ${summary.bad} bad`,
    ...summary.badLines.map((b) => `  line ${b.lineNumber}: ${b.reason}`),
  ];
  const unshown = summary.bad - summary.badLines.length;
  if (unshown > 0) lines.push(`  ... and ${unshown} more bad lines`);
  return lines.join('\n');
}
