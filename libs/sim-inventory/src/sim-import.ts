import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { DeliveredSim } from './sim';
import { SimCsvHeader, SimFileError } from './sim-csv';
import type { Receipt } from './sim-receipt';

export interface BadSimLine {
  lineNumber: number;
  reason: string;
}

/** A batch file, read once before anything is written: its line count and its header. */
export interface InspectedSimFile {
  path: string;
  fileName: string;
  /** Physical lines, the header included. */
  lines: number;
  header: SimCsvHeader;
}

export interface SimFileSummary {
  file: string;
  /** Data lines read (the header and blank lines not counted). */
  linesRead: number;
  added: number;
  /** SIMs in stock that the file ships (to a dealer or an order). */
  shipped: number;
  /** Lines the inventory already held with the same facts: importing again changes nothing. */
  unchanged: number;
  /** Lines that disagree with the inventory (another IMSI, batch or destination): not written. */
  conflicts: number;
  /** Lines that are not a SIM of the format. */
  bad: number;
  /** The first `maxBadLinesKept` bad or conflicting lines, by number. */
  badLines: BadSimLine[];
}

export interface SimImportOptions {
  /** Writes one batch of SIMs to the inventory (one transaction) and says what each did. */
  receive(sims: readonly DeliveredSim[]): Promise<Receipt[]>;
  batchSize?: number;
  maxBadLinesKept?: number;
  onProgress?(file: InspectedSimFile, linesDone: number): void;
}

/** Imports the fulfilment partner's batch files into the inventory, a batch of lines at a time. */
export class SimImporter {
  private readonly batchSize: number;
  private readonly maxBadLinesKept: number;

  constructor(private readonly options: SimImportOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBadLinesKept = options.maxBadLinesKept ?? 1_000;
  }

  /** Checks every file (readable, the format's header) before any is imported. */
  async inspect(paths: readonly string[]): Promise<InspectedSimFile[]> {
    const inspected: InspectedSimFile[] = [];
    for (const path of paths) inspected.push(await inspectSimFile(path));
    return inspected;
  }

  async importFile(file: InspectedSimFile): Promise<SimFileSummary> {
    const summary: SimFileSummary = {
      file: file.path,
      ...{ linesRead: 0, added: 0, shipped: 0, unchanged: 0, conflicts: 0, bad: 0, badLines: [] },
    };
    let batch: { lineNumber: number; sim: DeliveredSim }[] = [];
    const flush = async (linesDone: number): Promise<void> => {
      await this.write(batch, summary);
      batch = [];
      this.options.onProgress?.(file, linesDone);
    };
    for await (const { lineNumber, text } of simFileLines(file.path)) {
      if (lineNumber === 1 || text.trim() === '') continue;
      summary.linesRead += 1;
      const read = file.header.read(text);
      if ('reasons' in read) this.badLine(summary, lineNumber, read.reasons.join('; '));
      else batch.push({ lineNumber, sim: read.sim });
      if (batch.length >= this.batchSize) await flush(lineNumber);
    }
    await flush(file.lines);
    return summary;
  }

  private async write(
    batch: readonly { lineNumber: number; sim: DeliveredSim }[],
    summary: SimFileSummary,
  ): Promise<void> {
    if (batch.length === 0) return;
    const receipts = await this.options.receive(batch.map((b) => b.sim));
    receipts.forEach((receipt, i) => {
      if (receipt.outcome === 'conflict') {
        summary.conflicts += 1;
        this.keep(summary, batch[i].lineNumber, receipt.reason);
      } else summary[receipt.outcome] += 1;
    });
  }

  private badLine(summary: SimFileSummary, lineNumber: number, reason: string): void {
    summary.bad += 1;
    this.keep(summary, lineNumber, reason);
  }

  private keep(summary: SimFileSummary, lineNumber: number, reason: string): void {
    if (summary.badLines.length < this.maxBadLinesKept) {
      summary.badLines.push({ lineNumber, reason });
    }
  }
}

/** Counts the lines and reads the header, streaming: memory stays bounded whatever the size. */
async function inspectSimFile(path: string): Promise<InspectedSimFile> {
  let lines = 0;
  let header: string | undefined;
  try {
    for await (const { lineNumber, text } of simFileLines(path)) {
      lines = lineNumber;
      if (lineNumber === 1) header = text;
    }
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new SimFileError(path, `cannot read: ${code ?? message}`);
  }
  return { path, fileName: basename(path), lines, header: SimCsvHeader.parse(path, header) };
}

async function* simFileLines(path: string): AsyncGenerator<{ lineNumber: number; text: string }> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    yield { lineNumber, text };
  }
}
