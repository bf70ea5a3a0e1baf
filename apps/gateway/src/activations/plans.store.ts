import type { DataSource, EntityManager } from 'typeorm';

/** The active plan codes; the catalogue is a handful of rows, so reading it whole is cheap. */
export async function activePlanCodes(db: DataSource | EntityManager): Promise<Set<string>> {
  const rows = await db.query<{ plan_code: string }[]>('SELECT plan_code FROM plans WHERE active');
  return new Set(rows.map((row) => row.plan_code));
}
