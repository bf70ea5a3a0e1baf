import { Command } from 'commander';
import { importCommand } from './import.command';
import { reconcileCommand } from './reconcile.command';

/**
 * The usage CLI: `npm run usage -- <command> --help`. It publishes to Kafka directly (the
 * devstack's broker, or KAFKA_BROKERS) and remembers imported files in PostgreSQL (DATABASE_URL).
 */
new Command('usage')
  .description(
    "Handoff's MNO usage tooling: import the MNO's CDR files, reconcile its wholesale invoices",
  )
  .showHelpAfterError()
  .addCommand(importCommand())
  .addCommand(reconcileCommand())
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`usage: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
