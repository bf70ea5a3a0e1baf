import type { QueryRunner } from 'typeorm';

/** TypeORM types raw query results as `any`; the row shape is stated once, at the query. */
export async function queryRows<Row>(
  qr: QueryRunner,
  sql: string,
  params: unknown[],
): Promise<Row[]> {
  return (await qr.query(sql, params)) as Row[];
}
