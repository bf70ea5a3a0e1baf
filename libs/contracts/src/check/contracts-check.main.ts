import { Command } from 'commander';
import { resolve } from 'node:path';
import { GENERATED_TYPES_FILE } from '../codegen/generate-types';
import { defaultContractsDir } from '../schema/schema-files';
import { registerNewSchemas, runContractsCheck } from './contracts-check';

interface CliOptions {
  contractsDir?: string;
  register?: boolean;
}

const program = new Command('contracts:check')
  .description('Validate the Avro contracts: ids, compatibility, fixtures and generated types')
  .option(
    '--contracts-dir <dir>',
    'contracts directory to check (the generated types are compared only for the default)',
  )
  .option(
    '--register',
    'give every schema file without an id the next id in schema-ids.json, then check',
  );

function main(): number {
  const options = program.parse().opts<CliOptions>();
  const contractsDir = options.contractsDir ? resolve(options.contractsDir) : defaultContractsDir();
  if (options.register) {
    for (const entry of registerNewSchemas(contractsDir)) {
      console.log(`registered id ${entry.id}: ${entry.fullName} v${entry.version} (${entry.file})`);
    }
  }
  const isDefault = contractsDir === defaultContractsDir();
  const report = runContractsCheck({
    contractsDir,
    generatedTypesFile: isDefault ? GENERATED_TYPES_FILE : null,
  });
  if (report.problems.length === 0) {
    console.log(report.summary);
    return 0;
  }
  console.error(`contracts check failed with ${report.problems.length} problem(s):`);
  for (const problem of report.problems) console.error(`  - ${problem}`);
  return 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}
