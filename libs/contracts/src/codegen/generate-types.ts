import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ContractSchema, scanContracts } from '../registry/scan-contracts';
import { parseSchemaModel } from '../schema/parse-schema-model';
import { defaultContractsDir } from '../schema/schema-files';
import { EventSchemaModel, renderEventTypes } from './render-types';

export const GENERATED_TYPES_FILE = join(__dirname, '..', 'generated', 'events.ts');

/** The highest version of each event type. */
export function latestVersions<T extends Pick<ContractSchema, 'fullName' | 'version'>>(
  schemas: readonly T[],
): T[] {
  const latest = new Map<string, T>();
  for (const schema of schemas) {
    const current = latest.get(schema.fullName);
    if (!current || current.version < schema.version) latest.set(schema.fullName, schema);
  }
  return [...latest.values()];
}

/** Every schema file that parses, registered or not, so types can be generated before ids are. */
export function parsedSchemas(contractsDir: string): ContractSchema[] {
  const scan = scanContracts(contractsDir);
  return [...scan.registered, ...scan.unregistered];
}

/** The Prettier-formatted contents of the generated types file. */
export function generateEventTypes(contractsDir: string = defaultContractsDir()): string {
  const events = latestVersions(parsedSchemas(contractsDir)).map(toEventModel);
  return formatTypeScript(renderEventTypes(events), GENERATED_TYPES_FILE);
}

function toEventModel(schema: ContractSchema): EventSchemaModel {
  const model = parseSchemaModel(schema.json);
  if (model.kind !== 'record') {
    throw new Error(`${schema.file}: the top-level schema must be a record`);
  }
  return { fullName: schema.fullName, version: schema.version, file: schema.file, model };
}

/**
 * Formats with the Prettier CLI and the repository's config, exactly as `prettier --check` sees it.
 * A child process because Prettier 3's API loads its ESM core with a dynamic import, which Jest
 * cannot run without --experimental-vm-modules; it also keeps Prettier (a dev tool) out of services.
 */
function formatTypeScript(source: string, filepath: string): string {
  const cli = require.resolve('prettier/bin/prettier.cjs');
  return execFileSync(process.execPath, [cli, '--stdin-filepath', filepath], {
    input: source,
    encoding: 'utf8',
  });
}
