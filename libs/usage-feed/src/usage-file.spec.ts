import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestFile, usageFileLines } from './usage-file';

describe('the usage file reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usage-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function linesOf(content: string) {
    const path = join(dir, `f${Math.random()}.csv`);
    writeFileSync(path, content);
    const lines: { lineNumber: number; text: string }[] = [];
    for await (const line of usageFileLines(path)) lines.push(line);
    return { lines, counted: (await digestFile(path, (r) => new Error(r))).lines };
  }

  it('numbers physical lines as the digest counts them, CRLF or LF, last line unterminated', async () => {
    const { lines, counted } = await linesOf('a,b\r\n\r\nc,d\ne,f');
    expect(lines).toEqual([
      { lineNumber: 1, text: 'a,b' },
      { lineNumber: 2, text: '' },
      { lineNumber: 3, text: 'c,d' },
      { lineNumber: 4, text: 'e,f' },
    ]);
    expect(counted).toBe(4);
  });

  it('keeps a character whole when it straddles two read chunks', async () => {
    // The read stream's chunks are 64 KiB: put a 3-byte character across the boundary.
    const filler = 'x'.repeat(64 * 1024 - 1);
    const { lines, counted } = await linesOf(`${filler}€\nnext\n`);
    expect(lines.map((l) => l.text)).toEqual([`${filler}€`, 'next']);
    expect(counted).toBe(2);
  });
});
