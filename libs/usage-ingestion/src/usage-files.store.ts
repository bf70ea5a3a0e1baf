import type { EntityManager } from 'typeorm';

export interface ImportedFile {
  sha256: string;
  fileName: string;
  linesRead: number;
  published: number;
  duplicates: number;
  bad: number;
  importedAt: Date;
}

/**
 * `usage_files`: every MNO file `usage import` published in full, by SHA-256. Written only once a
 * file's last batch was acknowledged, so a run that stopped half-way can simply be run again; kept
 * for good (one row per file), so a file re-sent after the record-level window is still caught.
 */
export class UsageFileStore {
  async find(db: EntityManager, sha256: string): Promise<ImportedFile | undefined> {
    const [row] = await db.query<Record<string, string | Date>[]>(
      `SELECT * FROM usage_files WHERE sha256 = $1`,
      [sha256],
    );
    return row
      ? {
          sha256: String(row.sha256),
          fileName: String(row.file_name),
          linesRead: Number(row.lines_read),
          published: Number(row.published),
          duplicates: Number(row.duplicates),
          bad: Number(row.bad),
          importedAt: row.imported_at as Date,
        }
      : undefined;
  }

  /** The first import of a digest is the one remembered; a forced re-import keeps it. */
  async record(db: EntityManager, file: Omit<ImportedFile, 'importedAt'>): Promise<void> {
    await db.query(
      `INSERT INTO usage_files (sha256, file_name, lines_read, published, duplicates, bad)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING`,
      [file.sha256, file.fileName, file.linesRead, file.published, file.duplicates, file.bad],
    );
  }
}
