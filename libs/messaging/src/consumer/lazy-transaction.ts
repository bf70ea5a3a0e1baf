import type { DataSource, QueryRunner } from 'typeorm';

/**
 * A transaction that takes a pooled connection only when someone first needs it, so work that
 * never writes (or waits on a vendor first) holds no connection meanwhile.
 */
export class LazyTransaction {
  private runner: QueryRunner | undefined;
  private opening: Promise<QueryRunner> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  get opened(): boolean {
    return this.opening !== undefined;
  }

  open(): Promise<QueryRunner> {
    this.opening ??= this.begin();
    return this.opening;
  }

  async commit(): Promise<void> {
    if (!this.opening) return;
    const qr = await this.opening;
    try {
      await qr.commitTransaction();
    } finally {
      await this.release();
    }
  }

  async rollback(): Promise<void> {
    if (!this.opening) return;
    const qr = await this.opening.catch(() => undefined);
    try {
      if (qr?.isTransactionActive) await qr.rollbackTransaction();
    } finally {
      await this.release();
    }
  }

  private async begin(): Promise<QueryRunner> {
    const qr = this.dataSource.createQueryRunner();
    this.runner = qr;
    await qr.connect();
    await qr.startTransaction();
    return qr;
  }

  private async release(): Promise<void> {
    const qr = this.runner;
    this.runner = undefined;
    this.opening = undefined;
    if (qr && !qr.isReleased) await qr.release();
  }
}
