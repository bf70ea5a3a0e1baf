import { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { loadInfraConfig } from '@handoff/config';
import { createDataSource } from '@handoff/persistence';
import {
  SimFileError,
  SimImporter,
  SimInventoryRepository,
  type SimImportOptions,
} from '@handoff/sim-inventory';
import { importProgress, summaryText } from './import-report';

/** Exit codes, documented in --help and docs/sim-inventory.md. */
export const ImportExit = { AllGood: 0, BadLines: 1, CouldNotRun: 2 } as const;

const HELP = `
Format: CSV, UTF-8, a header row naming the columns (any order), one SIM per line; see
docs/sim-inventory.md.
  iccid,imsi,batch_id,dealer_id,order_id
dealer_id or order_id says where the SIM was shipped (at most one; neither: in stock).

Each good line is written to the SIM inventory: a new SIM is added, a SIM in stock given a
destination is shipped, a SIM already held with the same facts is unchanged (importing the same
file again changes nothing), and a line that disagrees with the inventory (another IMSI, batch or
destination) is reported as conflicting and not written. Bad lines are reported with their line
number and reason; the import goes on.

Exit codes:
  0  every line was written or already held
  1  some lines were bad or conflicting (the others were written)
  2  could not run: a file unreadable or without the format's header (nothing written), or the
     database unreachable (re-run: what was written is held, and changes nothing again)

Database: the devstack's PostgreSQL, or DATABASE_URL.`;

export function importCommand(): Command {
  return new Command('import')
    .description("write the fulfilment partner's SIM batch files to the SIM inventory")
    .argument('<files...>', 'CSV batch files, imported in the order given')
    .addHelpText('after', HELP)
    .action(async (files: string[]) => {
      process.exitCode = await importFiles(files);
    });
}

async function importFiles(paths: readonly string[]): Promise<number> {
  const db = await createDataSource(loadInfraConfig().databaseUrl).initialize();
  const progress = importProgress();
  try {
    return await importAll(importer(db, progress.onProgress), paths, progress.stop);
  } finally {
    progress.stop();
    await db.destroy().catch(() => undefined);
  }
}

function importer(db: DataSource, onProgress: SimImportOptions['onProgress']): SimImporter {
  const inventory = new SimInventoryRepository();
  return new SimImporter({
    receive: (sims) => db.transaction((tx) => inventory.receive(tx, sims, new Date())),
    onProgress,
  });
}

async function importAll(
  importer: SimImporter,
  paths: readonly string[],
  stopProgress: () => void,
): Promise<number> {
  let bad = 0;
  try {
    for (const file of await importer.inspect(paths)) {
      const summary = await importer.importFile(file);
      stopProgress();
      print(summaryText(summary));
      bad += summary.bad + summary.conflicts;
    }
  } catch (error) {
    stopProgress();
    if (error instanceof SimFileError) {
      process.stderr.write(`sims import: ${error.message}\n`);
      return ImportExit.CouldNotRun;
    }
    throw error;
  }
  return bad > 0 ? ImportExit.BadLines : ImportExit.AllGood;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
