import type { NewEvent } from '@handoff/messaging';
import { RetryableError } from '@handoff/resilience';
import { deliveredUsageEvent } from './usage-event';
import { inspectUsageFile, usageFileLines, type InspectedUsageFile } from './usage-file';
import { parseUsageRow } from './usage-row.parser';

export interface BadLine {
  lineNumber: number;
  reason: string;
}

export interface UsageFileSummary {
  file: string;
  sha256: string;
  /** Data lines read (the header and blank lines not counted). */
  linesRead: number;
  published: number;
  /** Lines whose record id was already read in this run: skipped, not bad. */
  duplicates: number;
  bad: number;
  /** The first `maxBadLinesKept` bad lines; `bad` counts them all. */
  badLines: BadLine[];
}

export interface UsageImportOptions {
  /** Publishes to the feed topic; resolves once the broker acknowledged every event. */
  publish(events: readonly NewEvent[]): Promise<void>;
  batchSize?: number;
  maxBadLinesKept?: number;
  onProgress?(file: InspectedUsageFile, linesDone: number): void;
}

/** Publishing failed part-way through a file; what was published before it stays (ids are stable). */
export class UsageImportStopped extends RetryableError {
  constructor(
    readonly summary: UsageFileSummary,
    cause: unknown,
  ) {
    super('USAGE.IMPORT_STOPPED', `${summary.file}: publishing stopped: ${messageOf(cause)}`, {
      cause,
    });
    this.name = 'UsageImportStopped';
  }
}

/**
 * Imports MNO usage files into the feed, one batch in flight at a time, so memory is bounded by
 * the batch and the record ids already seen (a re-sent CDR within the run is published once).
 */
export class UsageImporter {
  private readonly seen = new Set<string>();
  private readonly batchSize: number;
  private readonly maxBadLinesKept: number;

  constructor(private readonly options: UsageImportOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBadLinesKept = options.maxBadLinesKept ?? 1_000;
  }

  /** Checks every file (readable, the format's header) before any is published. */
  async inspect(paths: readonly string[]): Promise<InspectedUsageFile[]> {
    const inspected: InspectedUsageFile[] = [];
    for (const path of paths) inspected.push(await inspectUsageFile(path));
    return inspected;
  }

  async importFile(file: InspectedUsageFile): Promise<UsageFileSummary> {
    const summary: UsageFileSummary = {
      file: file.path,
      sha256: file.sha256,
      ...{ linesRead: 0, published: 0, duplicates: 0, bad: 0, badLines: [] },
    };
    let batch: NewEvent[] = [];
    let lineNumber = 0;
    const flush = async (): Promise<void> => {
      await this.publishBatch(batch, summary);
      batch = [];
      this.options.onProgress?.(file, lineNumber);
    };
    for await (const line of usageFileLines(file.path)) {
      lineNumber = line.lineNumber;
      if (lineNumber === 1 || line.text.trim() === '') continue;
      const event = this.readLine(file, line.lineNumber, line.text, summary);
      if (event) batch.push(event);
      if (batch.length >= this.batchSize) await flush();
    }
    await flush();
    return summary;
  }

  private readLine(
    file: InspectedUsageFile,
    lineNumber: number,
    text: string,
    summary: UsageFileSummary,
  ): NewEvent | undefined {
    summary.linesRead += 1;
    const row = file.header.row(text);
    const parsed = typeof row === 'string' ? { reasons: [row] } : parseUsageRow(row);
    if ('reasons' in parsed) {
      summary.bad += 1;
      if (summary.badLines.length < this.maxBadLinesKept) {
        summary.badLines.push({ lineNumber, reason: parsed.reasons.join('; ') });
      }
      return undefined;
    }
    if (this.seen.has(parsed.record.recordId)) {
      summary.duplicates += 1;
      return undefined;
    }
    this.seen.add(parsed.record.recordId);
    const source = { fileName: file.fileName, fileSha256: file.sha256, lineNumber };
    return deliveredUsageEvent(parsed.record, source);
  }

  private async publishBatch(batch: readonly NewEvent[], summary: UsageFileSummary): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.options.publish(batch);
    } catch (error) {
      throw new UsageImportStopped(summary, error);
    }
    summary.published += batch.length;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
