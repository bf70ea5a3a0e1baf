import { Command } from 'commander';
import { HandoffError } from '@handoff/resilience';
import { loadTaxEngineConfig, TaxEngineAxiosAdapter } from '@handoff/tax-engine';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { loadOpsConfig } from '../ops.config';
import { OPS_SERVICE, opsVendors } from '../ops-integrations';
import { loadSalesFootprint } from '../tax-coverage/sales-footprint';
import { TaxCoverageCheck } from '../tax-coverage/tax-coverage.check';
import { CliError } from './cli-error';
import { print, printJson } from './cli-action';
import { taxCoverageText } from './render/tax-coverage-text';

/** Exit codes a pipeline can tell apart: a gap is not the same as a check that could not run. */
export const TaxCoverageExit = { noGaps: 0, gaps: 1, notChecked: 2 } as const;

export function taxCommand(): Command {
  const coverage = new Command('coverage')
    .description(
      'the states and localities the MVNO sells in (sales-footprint.yaml) against the tax ' +
        "engine's jurisdiction configuration, each gap with its owner",
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every place is taxed, 1 gaps found (listed with their owner), 2 the check\n' +
        'could not run (tax engine unreachable or refusing, invalid footprint).\n' +
        'Environment: TAX_BASE_URL (the tax API, default the simulator on 127.0.0.1:18084),\n' +
        'OPS_SALES_FOOTPRINT_PATH (default sales-footprint.yaml at the repository root).\n' +
        'Needs no operator key and no database: it reads vendor configuration only.',
    )
    .action(async (options: { json?: boolean }) => {
      process.exitCode = await checkCoverage(options.json === true).catch((error: unknown) => {
        throw notChecked(error);
      });
    });
  return new Command('tax').description("the tax engine's coverage").addCommand(coverage);
}

async function checkCoverage(json: boolean): Promise<number> {
  const ownership = loadOwnershipMatrix();
  ownership.assertOwned({ service: OPS_SERVICE, vendors: opsVendors() });
  const places = loadSalesFootprint(loadOpsConfig().salesFootprintPath);
  const engine = new TaxEngineAxiosAdapter(loadTaxEngineConfig(process.env));
  try {
    const report = await new TaxCoverageCheck(places, engine, ownership).run();
    if (json) printJson(report);
    else print(taxCoverageText(report));
    return report.gaps.length > 0 ? TaxCoverageExit.gaps : TaxCoverageExit.noGaps;
  } finally {
    engine.close();
  }
}

/**
 * The engine's classified error or a configuration problem, said in one line (the stack helps no
 * one on call), with its own exit code so a pipeline does not read it as a gap.
 */
function notChecked(error: unknown): CliError {
  const detail =
    error instanceof HandoffError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return new CliError(`tax coverage not checked: ${detail}`, TaxCoverageExit.notChecked);
}
