import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Json } from './schema-model';

/** `avro/<domain>/<kebab-event-name>.v<N>.avsc`, relative to the contracts directory. */
const SCHEMA_PATH =
  /^avro\/([a-z][a-z0-9]*)\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)\.avsc$/;

export interface SchemaFileName {
  /** Relative to the contracts directory, with forward slashes. */
  file: string;
  domain: string;
  /** Avro full name the path promises, e.g. `handoff.activation.ActivationRequested`. */
  fullName: string;
  version: number;
}

export function parseSchemaFileName(file: string): SchemaFileName | undefined {
  const match = SCHEMA_PATH.exec(file);
  if (!match) return undefined;
  const [, domain, kebab, version] = match;
  const pascal = kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return { file, domain, fullName: `handoff.${domain}.${pascal}`, version: Number(version) };
}

/** Every `.avsc` file under `<contractsDir>/avro`, relative and sorted. */
export function listSchemaFiles(contractsDir: string): string[] {
  const avroDir = join(contractsDir, 'avro');
  if (!existsSync(avroDir)) return [];
  return readdirSync(avroDir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.avsc'))
    .map((entry) => `avro/${entry.split('\\').join('/')}`)
    .sort();
}

export function readJsonFile(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** How problems name a file: relative to the contracts directory's parent, e.g. `contracts/avro/...`. */
export function displayPath(contractsDir: string, file: string): string {
  return `${basename(resolve(contractsDir))}/${file}`;
}

/** `<repo>/contracts`, found upwards from this file so it works from sources, tests and builds. */
export function defaultContractsDir(): string {
  let dir = __dirname;
  while (dirname(dir) !== dir) {
    if (existsSync(join(dir, 'contracts', 'schema-ids.json'))) return join(dir, 'contracts');
    dir = dirname(dir);
  }
  throw new Error(`no contracts/schema-ids.json found above ${__dirname}`);
}
