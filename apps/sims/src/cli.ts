import { Command } from 'commander';
import { importCommand } from './import.command';

/**
 * The SIM inventory CLI: `npm run sims -- <command> --help`. It writes to the inventory in
 * PostgreSQL (the devstack's, or DATABASE_URL); it needs no Kafka.
 */
new Command('sims')
  .description("Handoff's SIM inventory tooling: import the fulfilment partner's batch files")
  .showHelpAfterError()
  .addCommand(importCommand())
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`sims: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
