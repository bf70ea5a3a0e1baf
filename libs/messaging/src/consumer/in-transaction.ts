import type { DataSource, QueryRunner } from 'typeorm';

/** Runs work in one transaction on its own query runner: committed, or rolled back and rethrown. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (qr: QueryRunner) => Promise<T>,
): Promise<T> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    const result = await work(qr);
    await qr.commitTransaction();
    return result;
  } catch (error) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw error;
  } finally {
    await qr.release();
  }
}
