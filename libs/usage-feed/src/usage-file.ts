import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { UsageCsvHeader, UsageFileError } from './usage-csv.columns';

const NEWLINE = 0x0a;
const HEADER_MAX_BYTES = 64 * 1024;

/** What one streaming pass over a file tells before anything is published. */
export interface InspectedUsageFile {
  path: string;
  fileName: string;
  sha256: string;
  /** Physical lines, the header included. */
  lines: number;
  header: UsageCsvHeader;
}

/** A file read once: its name, digest, physical line count and first line (header). */
export interface DigestedFile {
  path: string;
  fileName: string;
  sha256: string;
  /** Physical lines, the header included. */
  lines: number;
  /** The first line without its line end; undefined for an empty file. */
  firstLine: string | undefined;
}

/**
 * Reads the file once, in chunks: its digest (the record's `source.fileSha256`, which a file-level
 * check keys on), its line count (the progress bar's total) and its header. Memory stays bounded
 * whatever the file's size.
 */
export async function inspectUsageFile(path: string): Promise<InspectedUsageFile> {
  const { firstLine, ...file } = await digestFile(
    path,
    (reason) => new UsageFileError(path, reason),
  );
  return { ...file, header: UsageCsvHeader.parse(path, firstLine) };
}

/** One streaming pass: digest, line count, first line; `unreadable` says how to report a read error. */
export async function digestFile(
  path: string,
  unreadable: (reason: string) => Error,
): Promise<DigestedFile> {
  const hash = createHash('sha256');
  let newlines = 0;
  let last = NEWLINE;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
        newlines += 1;
      }
      last = bytes[bytes.length - 1] ?? last;
      if (head.length < HEADER_MAX_BYTES) head = Buffer.concat([head, bytes]);
    }
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw unreadable(`cannot read: ${code ?? message}`);
  }
  const firstLine = head.length > 0 ? head.toString('utf8').split('\n')[0] : undefined;
  return {
    path,
    fileName: basename(path),
    sha256: hash.digest('hex'),
    lines: newlines + (last === NEWLINE ? 0 : 1),
    firstLine: firstLine?.replace(/\r$/, ''),
  };
}

/** The file's lines with their 1-based numbers, streamed (CRLF or LF). */
export async function* usageFileLines(
  path: string,
): AsyncGenerator<{ lineNumber: number; text: string }> {
  for await (const lines of usageFileLineBatches(path)) yield* lines;
}

/**
 * The file's lines a read chunk at a time (about 64 KB of them), split on LF with a trailing CR
 * dropped, so line numbers are the physical ones `digestFile` counts. One step per chunk rather
 * than per line: at a million lines, readline's per-line events and an async step per line cost
 * seconds (bench/README.md, usage reconciliation).
 */
export async function* usageFileLineBatches(
  path: string,
): AsyncGenerator<{ lineNumber: number; text: string }[]> {
  let lineNumber = 0;
  let rest = '';
  const decoder = new StringDecoder('utf8');
  const take = (text: string) => ({
    lineNumber: (lineNumber += 1),
    text: text.endsWith('\r') ? text.slice(0, -1) : text,
  });
  for await (const chunk of createReadStream(path)) {
    const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = parts.pop() ?? '';
    if (parts.length > 0) yield parts.map(take);
  }
  rest += decoder.end();
  if (rest !== '') yield [take(rest)];
}
