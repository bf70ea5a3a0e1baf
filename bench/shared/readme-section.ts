import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const README_PATH = resolve(__dirname, '../README.md');

/**
 * Replaces the section between `<!-- bench:NAME:begin … -->` and `<!-- bench:NAME:end -->` with
 * these lines; the rest of the file is kept, and a missing section is appended.
 */
export function writeReadmeSection(name: string, lines: string[], path = README_PATH): void {
  const begin = `<!-- bench:${name}:begin (rewritten by npm run bench:${name}; do not edit by hand) -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = [begin, '', ...lines, '', end].join('\n');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
