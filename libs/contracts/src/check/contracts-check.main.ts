import { Command } from 'commander';
import { resolve } from 'node:path';
import { SchemaRegistryClient, subjectOf } from '@handoff/messaging';
import { HandoffError } from '@handoff/resilience';
import { GENERATED_TYPES_FILE } from '../codegen/generate-types';
import { defaultContractsDir } from '../schema/schema-files';
import {
  registerNewSchemas,
  runContractsCheck,
  type ContractsCheckReport,
} from './contracts-check';
import { checkAgainstRegistry } from './registry-check';

interface CliOptions {
  contractsDir?: string;
  register?: boolean;
  registry?: string;
}

const REGISTRY_TIMEOUT_MS = 10_000;

const program = new Command('contracts:check')
  .description('Validate the Avro contracts: ids, compatibility, fixtures and generated types')
  .option(
    '--contracts-dir <dir>',
    'contracts directory to check (the generated types are compared only for the default)',
  )
  .option(
    '--register',
    'give every schema file without an id the next id in schema-ids.json, then check',
  )
  .option(
    '--registry <url>',
    "also check every event type's latest schema against a Confluent-compatible registry " +
      '(e.g. http://127.0.0.1:18181/apis/ccompat/v7); registers nothing',
  );

async function main(): Promise<number> {
  const options = program.parse().opts<CliOptions>();
  const contractsDir = options.contractsDir ? resolve(options.contractsDir) : defaultContractsDir();
  if (options.register) {
    for (const entry of registerNewSchemas(contractsDir)) {
      console.log(`registered id ${entry.id}: ${entry.fullName} v${entry.version} (${entry.file})`);
    }
  }
  const isDefault = contractsDir === defaultContractsDir();
  const reports: ContractsCheckReport[] = [
    runContractsCheck({
      contractsDir,
      generatedTypesFile: isDefault ? GENERATED_TYPES_FILE : null,
    }),
  ];
  if (options.registry) {
    const client = new SchemaRegistryClient({
      url: options.registry,
      timeoutMs: REGISTRY_TIMEOUT_MS,
    });
    reports.push(await checkAgainstRegistry({ contractsDir, client, subjectOf }));
  }
  const problems = reports.flatMap((r) => r.problems);
  if (problems.length === 0) {
    for (const report of reports) console.log(report.summary);
    return 0;
  }
  console.error(`contracts check failed with ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // A registry that does not answer is a message, not a bug: no stack for our own errors.
    if (error instanceof HandoffError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
