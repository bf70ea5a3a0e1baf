import type { DataSource } from 'typeorm';
import { loadInfraConfig } from '@handoff/config';
import { createDataSource } from '@handoff/persistence';
import type { InspectedUsageFile, UsageFileSummary } from '@handoff/usage-feed';
import {
  usageAudit,
  UsageFileStore,
  type ImportedFile,
  type UsageAuditor,
} from '@handoff/usage-ingestion';

/**
 * The file-level check of decision 58 for `usage import`: a file whose SHA-256 was published in
 * full before is skipped (unless forced), and a file is remembered once its last line was
 * acknowledged, so a run that stopped half-way is not "already imported".
 */
export class ImportedFiles {
  private readonly store = new UsageFileStore();

  private constructor(
    private readonly db: DataSource,
    private readonly auditor: UsageAuditor,
  ) {}

  static async open(auditor: UsageAuditor): Promise<ImportedFiles> {
    const db = await createDataSource(loadInfraConfig().databaseUrl, { poolSize: 1 }).initialize();
    return new ImportedFiles(db, auditor);
  }

  earlier(file: InspectedUsageFile): Promise<ImportedFile | undefined> {
    return this.store.find(this.db.manager, file.sha256);
  }

  /** Remembers the file (the first import of a digest) and writes the import to the ledger. */
  remember(file: InspectedUsageFile, summary: UsageFileSummary, forced: boolean): Promise<void> {
    const imported = {
      sha256: file.sha256,
      fileName: file.fileName,
      linesRead: summary.linesRead,
      published: summary.published,
      duplicates: summary.duplicates,
      bad: summary.bad,
    };
    return this.db.transaction(async (tx) => {
      await this.store.record(tx, imported);
      await usageAudit.fileImported(tx, this.auditor, imported, forced);
    });
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}

export function alreadyImportedText(file: InspectedUsageFile, earlier: ImportedFile): string {
  const as = earlier.fileName === file.fileName ? '' : ` as ${earlier.fileName}`;
  return (
    `${file.fileName}: already imported on ${earlier.importedAt.toISOString()}${as} ` +
    `(${earlier.published} published); skipped, nothing published (--force publishes it again)`
  );
}
