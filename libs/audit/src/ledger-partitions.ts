import type { DataSource } from 'typeorm';

/** How the ledger's monthly partitions are kept: created ahead, dropped past the retention. */
export interface LedgerPartitionPolicy {
  /** Whole months kept before the current one; older months are dropped. */
  retentionMonths: number;
  /** Months created ahead of the current one, so writes never wait on a partition. */
  monthsAhead: number;
}

export interface LedgerMaintenanceResult {
  created: string[];
  dropped: string[];
  /** Rows moved out of the default partition into a month created for them. */
  movedFromDefault: number;
  /** Rows of the default partition older than the retention, deleted. */
  expiredFromDefault: number;
}

const PARTITION_NAME = /^audit_ledger_(\d{4})_(\d{2})$/;
// Any constant works; it only has to be the same in every process that maintains the ledger.
const MAINTENANCE_LOCK = 0x1ed9e7;

/** The first instant of the month `offset` months after the one `at` falls in, in UTC. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

export function partitionName(month: Date): string {
  return `audit_ledger_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthOf(name: string): Date | null {
  const m = PARTITION_NAME.exec(name);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : null;
}

/**
 * Creates the months the policy wants ahead and drops those past its retention, in one
 * transaction under an advisory lock, so two instances never race on the same partition. A month
 * created while the default partition holds rows for it takes those rows first (PostgreSQL
 * refuses to attach a range the default partition still has rows in).
 */
export async function maintainLedgerPartitions(
  dataSource: DataSource,
  policy: LedgerPartitionPolicy,
  now: Date = new Date(),
): Promise<LedgerMaintenanceResult> {
  return dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const existing = new Set(
      (
        await tx.query<{ name: string }[]>(
          `SELECT c.relname AS name FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_ledger'::regclass`,
        )
      ).map((r) => r.name),
    );
    const result: LedgerMaintenanceResult = {
      created: [],
      dropped: [],
      movedFromDefault: 0,
      expiredFromDefault: 0,
    };
    for (let offset = 0; offset <= policy.monthsAhead; offset += 1) {
      const from = monthStart(now, offset);
      const name = partitionName(from);
      if (existing.has(name)) continue;
      const to = monthStart(from, 1);
      await tx.query(`CREATE TABLE "${name}" (LIKE audit_ledger INCLUDING DEFAULTS)`);
      const moved = await tx.query<unknown[]>(
        `WITH moved AS (DELETE FROM audit_ledger_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
         INSERT INTO "${name}" SELECT * FROM moved RETURNING 1`,
        [from, to],
      );
      result.movedFromDefault += moved.length;
      await tx.query(
        `ALTER TABLE audit_ledger ATTACH PARTITION "${name}" FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      );
      result.created.push(name);
    }
    const cutoff = monthStart(now, -policy.retentionMonths);
    for (const name of [...existing].sort()) {
      const month = monthOf(name);
      if (month && monthStart(month, 1) <= cutoff) {
        await tx.query(`DROP TABLE "${name}"`);
        result.dropped.push(name);
      }
    }
    const expired = await tx.query<unknown>(
      'DELETE FROM audit_ledger_default WHERE occurred_at < $1',
      [cutoff],
    );
    result.expiredFromDefault = affectedRows(expired);
    return result;
  });
}

// TypeORM's postgres driver answers a data-modifying query with [rows, affectedCount].
function affectedRows(answer: unknown): number {
  return Array.isArray(answer) && typeof answer[1] === 'number' ? answer[1] : 0;
}
