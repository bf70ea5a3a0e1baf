import 'reflect-metadata';
import { Command } from 'commander';
import { activationsCommand } from './cli/activations.command';
import { careCommand } from './cli/care.command';
import { CliError } from './cli/cli-error';
import { discardCommand, replayCommand } from './cli/dead-letters-act.commands';
import { kpisCommand } from './cli/kpis.command';
import { listCommand, showCommand } from './cli/dead-letters-read.commands';
import { operatorsCommand } from './cli/operators.command';
import { reviewCommand } from './cli/review.command';
import { slaCommand, slaCoverageCommand } from './cli/sla.command';
import { taxCommand } from './cli/tax.command';
import { traceCommand } from './cli/trace.command';

/**
 * The ops CLI: `node -r @swc-node/register apps/ops/src/cli.ts <command> --help`. It works against
 * Kafka and PostgreSQL directly (the devstack's, or KAFKA_BROKERS and DATABASE_URL).
 */
function program(): Command {
  const deadLetters = new Command('dead-letters')
    .description('browse, replay and discard dead letters')
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(replayCommand())
    .addCommand(discardCommand());
  return new Command('ops')
    .description(
      "Handoff on-call tooling: dead letters, held activations, traces, operators, tax coverage, KPIs, SLAs and their coverage, the weekly review, care's view of a subscriber",
    )
    .option('--api-key <key>', 'operator key (default: HANDOFF_OPERATOR_KEY)')
    .addCommand(deadLetters)
    .addCommand(activationsCommand())
    .addCommand(traceCommand())
    .addCommand(operatorsCommand())
    .addCommand(taxCommand())
    .addCommand(kpisCommand())
    .addCommand(slaCommand())
    .addCommand(slaCoverageCommand())
    .addCommand(reviewCommand())
    .addCommand(careCommand());
}

program()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`ops: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  });
