import { MIGRATIONS_TABLE, createDataSource } from '@handoff/persistence';

/** Undoes the newest migrations until `name` is undone too, as `typeorm migration:revert` does. */
export async function revertThrough(url: string, name: string): Promise<void> {
  const dataSource = await createDataSource(url).initialize();
  try {
    const applied = async () =>
      (
        await dataSource.query<unknown[]>(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE name = $1`, [
          name,
        ])
      ).length > 0;
    while (await applied()) await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
