import { Command } from 'commander';
import { UsageFileError, UsageImporter, UsageImportStopped } from '@handoff/usage-feed';
import { alreadyImportedText, ImportedFiles } from './imported-files';
import { importProgress, summaryText } from './import-report';
import { feedAuditor, openFeedPublisher, USAGE_IMPORT_SERVICE } from './usage-feed.publisher';

/** Exit codes, documented in --help and docs/usage.md. */
export const ImportExit = { AllGood: 0, BadLines: 1, CouldNotRun: 2 } as const;

const HELP = `
Format: CSV, UTF-8, a header row naming the columns (any order), one CDR per line; see docs/usage.md.
  record_id,record_type,imsi,msisdn,direction,start_time,duration_seconds,bytes_up,bytes_down,
  message_count,roaming,serving_plmn,cell_id,zone

Each good line is published once to the usage feed topic, keyed by IMSI, with an event id derived
from record_id: importing the same file again publishes the same events, which consumers drop.
Bad lines are reported with their line number and reason; the import goes on.

A file published in full before (the same SHA-256, whatever its name) is skipped with the date
it was imported, unless --force is given. The record of imported files is in the database.

Exit codes:
  0  every line was published (duplicates skipped)
  1  some lines were bad (the others were published)
  2  could not run: a file unreadable or without the format's header (nothing published),
     Kafka or the database unreachable (re-run: what was published keeps its ids)

Kafka and PostgreSQL: the devstack's, or KAFKA_BROKERS and DATABASE_URL (docs/usage.md).`;

export function importCommand(): Command {
  return new Command('import')
    .description("publish the MNO's usage CSV files to the usage feed, line by line")
    .argument('<files...>', 'CSV files of the MNO, imported in the order given')
    .option(
      '--force',
      'publish files already imported before (their records are dropped downstream)',
    )
    .addHelpText('after', HELP)
    .action(async (files: string[], options: { force?: boolean }) => {
      process.exitCode = await importFiles(files, options.force === true);
    });
}

async function importFiles(paths: readonly string[], force: boolean): Promise<number> {
  const imported = await ImportedFiles.open(feedAuditor(USAGE_IMPORT_SERVICE)).catch(
    (error: unknown) => {
      process.stderr.write(`usage import: cannot reach the database: ${String(error)}\n`);
      return undefined;
    },
  );
  if (!imported) return ImportExit.CouldNotRun;
  const publisher = await openFeedPublisher();
  const progress = importProgress();
  const importer = new UsageImporter({
    publish: (events) => publisher.publish(events),
    onProgress: progress.onProgress,
  });
  try {
    return await importAll({ importer, imported, force, stopProgress: progress.stop }, paths);
  } finally {
    progress.stop();
    await publisher.close().catch(() => undefined);
    await imported.close().catch(() => undefined);
  }
}

interface ImportRun {
  importer: UsageImporter;
  imported: ImportedFiles;
  force: boolean;
  stopProgress: () => void;
}

async function importAll(run: ImportRun, paths: readonly string[]): Promise<number> {
  const { importer, imported, stopProgress } = run;
  let bad = 0;
  try {
    for (const file of await importer.inspect(paths)) {
      const earlier = await imported.earlier(file);
      if (earlier && !run.force) {
        print(alreadyImportedText(file, earlier));
        continue;
      }
      const summary = await importer.importFile(file);
      stopProgress();
      await imported.remember(file, summary, earlier !== undefined);
      print(summaryText(summary));
      bad += summary.bad;
    }
  } catch (error) {
    stopProgress();
    if (error instanceof UsageImportStopped) print(summaryText(error.summary));
    if (error instanceof UsageFileError || error instanceof UsageImportStopped) {
      process.stderr.write(`usage import: ${error.message}\n`);
      return ImportExit.CouldNotRun;
    }
    throw error;
  }
  return bad > 0 ? ImportExit.BadLines : ImportExit.AllGood;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
