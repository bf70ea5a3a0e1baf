import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Json } from '../schema/schema-model';

export const SCHEMA_IDS_FILE = 'schema-ids.json';

const entrySchema = z.object({
  id: z.number().int().positive(),
  fullName: z.string().min(1),
  version: z.number().int().positive(),
  file: z.string().min(1),
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'),
});
const fileSchema = z.object({ $comment: z.string().optional(), schemas: z.array(entrySchema) });

/** One registered (fullName, version): its Confluent-style id and the file that is its writer schema. */
export type SchemaIdEntry = z.infer<typeof entrySchema>;

const COMMENT =
  'Append-only: a new schema or version gets the next id; an id, its file and its fingerprint never change. ' +
  'Add entries with `npm run contracts:check -- --register`.';

/** Reads and shape-checks schema-ids.json; problems name the file and the entry. */
export function readSchemaIds(contractsDir: string): {
  entries: SchemaIdEntry[];
  problems: string[];
} {
  const path = join(contractsDir, SCHEMA_IDS_FILE);
  if (!existsSync(path)) return { entries: [], problems: [`${SCHEMA_IDS_FILE} is missing`] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { entries: [], problems: [`${SCHEMA_IDS_FILE} is not valid JSON: ${String(error)}`] };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return { entries: [], problems: issues.map((issue) => `${SCHEMA_IDS_FILE} ${issue}`) };
  }
  const entries = parsed.data.schemas;
  return { entries, problems: duplicateProblems(entries) };
}

function duplicateProblems(entries: readonly SchemaIdEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const keys = [`id ${entry.id}`, `${entry.fullName} v${entry.version}`, `file ${entry.file}`];
    for (const key of keys) {
      const other = seen.get(key);
      if (other !== undefined) {
        problems.push(
          `${SCHEMA_IDS_FILE}: ${key} is registered twice (ids ${other} and ${entry.id})`,
        );
      }
      seen.set(key, entry.id);
    }
  }
  return problems;
}

export function writeSchemaIds(contractsDir: string, entries: readonly SchemaIdEntry[]): void {
  const body = { $comment: COMMENT, schemas: [...entries].sort((a, b) => a.id - b.id) };
  writeFileSync(join(contractsDir, SCHEMA_IDS_FILE), `${JSON.stringify(body, null, 2)}\n`);
}

export function nextSchemaId(entries: readonly SchemaIdEntry[]): number {
  return entries.reduce((max, entry) => Math.max(max, entry.id), 0) + 1;
}

/**
 * Fingerprint of what a schema means on the wire: the JSON without `doc` attributes, keys sorted.
 * Docs may be improved after publication; anything else needs a new version.
 */
export function schemaFingerprint(json: Json): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(withoutDocs(json)))
    .digest('hex')}`;
}

function withoutDocs(json: Json): Json {
  if (Array.isArray(json)) return json.map(withoutDocs);
  if (json === null || typeof json !== 'object') return json;
  const keys = Object.keys(json)
    .filter((key) => key !== 'doc')
    .sort();
  // A default is a value, not a schema: keep it exactly as written.
  return Object.fromEntries(
    keys.map((key) => [key, key === 'default' ? json[key] : withoutDocs(json[key])]),
  );
}
