import * as avro from 'avsc';
import { join } from 'node:path';
import {
  displayPath,
  listSchemaFiles,
  parseSchemaFileName,
  readJsonFile,
  SchemaFileName,
} from '../schema/schema-files';
import { Json } from '../schema/schema-model';
import { readSchemaIds, SCHEMA_IDS_FILE, schemaFingerprint, SchemaIdEntry } from './schema-ids';

export type AvroSchema = Parameters<typeof avro.Type.forSchema>[0];

/** One schema file, parsed once: the writer schema of its (fullName, version). */
export interface ContractSchema {
  fullName: string;
  version: number;
  /** Relative to the contracts directory, e.g. `avro/activation/activation-requested.v1.avsc`. */
  file: string;
  json: Json;
  type: avro.Type;
  fingerprint: string;
}

export interface ContractScan {
  contractsDir: string;
  /** Registered schemas with their ids. */
  registered: (ContractSchema & { id: number })[];
  /** Schemas that parse but have no id yet. */
  unregistered: ContractSchema[];
  ids: SchemaIdEntry[];
  problems: string[];
}

/** Reads every schema file and schema-ids.json and cross-checks them, collecting every problem. */
export function scanContracts(contractsDir: string): ContractScan {
  const { entries: ids, problems } = readSchemaIds(contractsDir);
  const scan: ContractScan = { contractsDir, registered: [], unregistered: [], ids, problems };
  const files = listSchemaFiles(contractsDir);
  for (const file of files) addSchemaFile(scan, file);
  for (const entry of ids) {
    if (!files.includes(entry.file)) {
      const where = displayPath(contractsDir, entry.file);
      problems.push(
        `${SCHEMA_IDS_FILE}: id ${entry.id} (${entry.fullName} v${entry.version}) points at ${where}, which does not exist`,
      );
    }
  }
  return scan;
}

function addSchemaFile(scan: ContractScan, file: string): void {
  const where = displayPath(scan.contractsDir, file);
  const name = parseSchemaFileName(file);
  if (!name) {
    scan.problems.push(
      `${where}: a schema file must be named avro/<domain>/<kebab-event-name>.v<N>.avsc`,
    );
    return;
  }
  const schema = parseSchemaFile(scan.contractsDir, name, scan.problems);
  if (!schema) return;
  const entry = scan.ids.find((e) => e.file === file);
  if (!entry) {
    scan.problems.push(
      `${where} has no id in ${SCHEMA_IDS_FILE} (run npm run contracts:check -- --register)`,
    );
    scan.unregistered.push(schema);
    return;
  }
  const problem = entryProblem(entry, schema, where);
  if (problem) scan.problems.push(problem);
  scan.registered.push({ ...schema, id: entry.id });
}

function parseSchemaFile(
  contractsDir: string,
  name: SchemaFileName,
  problems: string[],
): ContractSchema | undefined {
  const where = displayPath(contractsDir, name.file);
  try {
    const json = readJsonFile(join(contractsDir, name.file));
    const type = avro.Type.forSchema(json as AvroSchema);
    if (type.typeName !== 'record' || type.name !== name.fullName) {
      problems.push(
        `${where}: must define the record ${name.fullName} (found ${type.name ?? type.typeName})`,
      );
      return undefined;
    }
    return {
      fullName: name.fullName,
      version: name.version,
      file: name.file,
      json,
      type,
      fingerprint: schemaFingerprint(json),
    };
  } catch (error) {
    problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function entryProblem(
  entry: SchemaIdEntry,
  schema: ContractSchema,
  where: string,
): string | undefined {
  if (entry.fullName !== schema.fullName || entry.version !== schema.version) {
    return `${SCHEMA_IDS_FILE}: id ${entry.id} says ${entry.fullName} v${entry.version} but ${where} is ${schema.fullName} v${schema.version}`;
  }
  if (entry.fingerprint !== schema.fingerprint) {
    return (
      `${where} changed after it was registered as id ${entry.id}: a published schema is immutable ` +
      `(only docs may change); add v${schema.version + 1} instead`
    );
  }
  return undefined;
}
