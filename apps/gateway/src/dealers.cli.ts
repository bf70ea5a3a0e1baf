import { Command, InvalidArgumentError } from 'commander';
import type { DataSource } from 'typeorm';
import { newApiKey, registerDealer } from '@handoff/access';
import { loadInfraConfig } from '@handoff/config';
import { createDataSource } from '@handoff/persistence';

const DEALER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function dealerId(value: string): string {
  if (!DEALER_ID.test(value)) {
    throw new InvalidArgumentError('letters, digits, dot, dash or underscore; at most 64');
  }
  return value;
}

function dealerName(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 200) throw new InvalidArgumentError('1 to 200 characters');
  return name;
}

async function withDatabase<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = await createDataSource(loadInfraConfig().databaseUrl).initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

interface AddOptions {
  id: string;
  name: string;
  rekey?: boolean;
}

/** Registers the dealer and prints its key: only the hash is stored, so this is the one chance to see it. */
async function addDealer(options: AddOptions): Promise<void> {
  await withDatabase(async (db) => {
    const existing = await db.query<unknown[]>('SELECT 1 FROM dealers WHERE dealer_id = $1', [
      options.id,
    ]);
    if (existing.length > 0 && !options.rekey) {
      throw new Error(`dealer ${options.id} exists; pass --rekey to replace its API key`);
    }
    const apiKey = newApiKey('dk');
    await registerDealer(db, { dealerId: options.id, name: options.name, apiKey });
    process.stdout.write(
      `dealer ${options.id} (${options.name}) ${existing.length > 0 ? 're-keyed' : 'registered'}\n` +
        `API key (shown once; only its hash is stored):\n${apiKey}\n`,
    );
  });
}

const program = new Command('dealers')
  .description(
    'Manage the dealers that may call the Handoff gateway (uses DATABASE_URL or the devstack)',
  )
  .showHelpAfterError();

program
  .command('add')
  .description('register a dealer and print its new API key')
  .requiredOption('--id <dealerId>', 'the dealer id, e.g. dealer-0042', dealerId)
  .requiredOption('--name <name>', 'the dealer name as shown to ops', dealerName)
  .option('--rekey', 'replace the API key of an existing dealer (its old key stops working)')
  .action(addDealer);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`dealers: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
