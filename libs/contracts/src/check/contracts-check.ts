import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateEventTypes, latestVersions } from '../codegen/generate-types';
import { checkFixtures } from '../fixtures/check-fixtures';
import { ContractSchema, scanContracts } from '../registry/scan-contracts';
import { ContractsError } from '../errors';
import { nextSchemaId, readSchemaIds, SchemaIdEntry, writeSchemaIds } from '../registry/schema-ids';
import { parseSchemaModel } from '../schema/parse-schema-model';
import { displayPath } from '../schema/schema-files';
import { LintTarget, lintSchema, sharedTypeProblems } from '../schema/schema-lint';
import { checkUpgrades } from './check-compatibility';

export interface ContractsCheckOptions {
  contractsDir: string;
  /** The committed generated types to compare with a fresh generation; null to skip. */
  generatedTypesFile: string | null;
}

export interface ContractsCheckReport {
  problems: string[];
  summary: string;
}

/** Everything `npm run contracts:check` verifies, with every problem collected. */
export function runContractsCheck(options: ContractsCheckOptions): ContractsCheckReport {
  const { contractsDir } = options;
  const scan = scanContracts(contractsDir);
  const schemas: ContractSchema[] = [...scan.registered, ...scan.unregistered];
  const upgrades = checkUpgrades(contractsDir, schemas);
  const fixtures = checkFixtures(contractsDir, schemas);
  const problems = [
    ...scan.problems,
    ...lintProblems(contractsDir, schemas),
    ...upgrades.problems,
    ...fixtures.problems,
    ...generatedTypesProblems(options),
  ];
  const eventTypes = new Set(schemas.map((s) => s.fullName)).size;
  const summary =
    `contracts ok: ${schemas.length} schemas of ${eventTypes} event types, ${scan.ids.length} ids, ` +
    `${upgrades.upgrades} upgrade(s) backward compatible, ${fixtures.valid} valid and ${fixtures.invalid} invalid fixtures` +
    (options.generatedTypesFile ? ', generated types up to date' : '');
  return { problems, summary };
}

function lintProblems(contractsDir: string, schemas: readonly ContractSchema[]): string[] {
  const targets = (list: readonly ContractSchema[]): LintTarget[] =>
    list.map((s) => ({
      where: displayPath(contractsDir, s.file),
      model: parseSchemaModel(s.json),
    }));
  return [
    ...targets(schemas).flatMap(lintSchema),
    ...sharedTypeProblems(targets(latestVersions(schemas))),
  ];
}

function generatedTypesProblems({
  contractsDir,
  generatedTypesFile,
}: ContractsCheckOptions): string[] {
  if (!generatedTypesFile) return [];
  const name = relative(process.cwd(), generatedTypesFile);
  try {
    const fresh = generateEventTypes(contractsDir);
    const current = existsSync(generatedTypesFile) ? readFileSync(generatedTypesFile, 'utf8') : '';
    return current === fresh ? [] : [`${name} is out of date: run npm run contracts:generate`];
  } catch (error) {
    return [`cannot generate ${name}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** Gives every schema file without an id the next id (ordered by version, then file); returns the new entries. */
export function registerNewSchemas(contractsDir: string): SchemaIdEntry[] {
  const scan = scanContracts(contractsDir);
  // Never rewrite an ids file we could not read: ids already handed out must survive.
  const unreadable = readSchemaIds(contractsDir).problems;
  if (unreadable.length > 0) throw new ContractsError(unreadable);
  const added: SchemaIdEntry[] = [];
  const pending = [...scan.unregistered].sort(
    (a, b) => a.version - b.version || a.file.localeCompare(b.file),
  );
  for (const { fullName, version, file, fingerprint } of pending) {
    added.push({ id: nextSchemaId([...scan.ids, ...added]), fullName, version, file, fingerprint });
  }
  if (added.length > 0) writeSchemaIds(contractsDir, [...scan.ids, ...added]);
  return added;
}
