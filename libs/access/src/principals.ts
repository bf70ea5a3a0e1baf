import type { DataSource, EntityManager } from 'typeorm';
import { hashApiKey } from './api-key';

export interface Dealer {
  kind: 'dealer';
  dealerId: string;
  name: string;
}

/**
 * `ops` acts (replay, discard, re-drive), `viewer` reads ops views, `care` reads one subscriber's
 * diagnostic view and nothing else (decision 96).
 */
export type OperatorRole = 'ops' | 'viewer' | 'care';

export interface Operator {
  kind: 'operator';
  operatorId: string;
  name: string;
  roles: OperatorRole[];
}

type Db = DataSource | EntityManager;

/** Who holds this key: a dealer, or undefined. */
export async function dealerByApiKey(db: Db, apiKey: string): Promise<Dealer | undefined> {
  const rows = await db.query<{ dealer_id: string; name: string }[]>(
    'SELECT dealer_id, name FROM dealers WHERE api_key_hash = $1 AND active',
    [hashApiKey(apiKey)],
  );
  const row = rows[0];
  return row ? { kind: 'dealer', dealerId: row.dealer_id, name: row.name } : undefined;
}

export async function operatorByApiKey(db: Db, apiKey: string): Promise<Operator | undefined> {
  const rows = await db.query<{ operator_id: string; name: string; roles: OperatorRole[] }[]>(
    'SELECT operator_id, name, roles FROM operators WHERE api_key_hash = $1',
    [hashApiKey(apiKey)],
  );
  const row = rows[0];
  return row
    ? { kind: 'operator', operatorId: row.operator_id, name: row.name, roles: row.roles }
    : undefined;
}

/** Registers (or re-keys) a dealer; only the key's hash is stored. */
export async function registerDealer(
  db: Db,
  dealer: { dealerId: string; name: string; apiKey: string },
): Promise<void> {
  await db.query(
    `INSERT INTO dealers (dealer_id, name, api_key_hash) VALUES ($1, $2, $3)
     ON CONFLICT (dealer_id) DO UPDATE SET name = EXCLUDED.name, api_key_hash = EXCLUDED.api_key_hash, active = true`,
    [dealer.dealerId, dealer.name, hashApiKey(dealer.apiKey)],
  );
}

export async function registerOperator(
  db: Db,
  operator: { operatorId: string; name: string; apiKey: string; roles: OperatorRole[] },
): Promise<void> {
  await db.query(
    `INSERT INTO operators (operator_id, name, api_key_hash, roles) VALUES ($1, $2, $3, $4)
     ON CONFLICT (operator_id) DO UPDATE SET name = EXCLUDED.name, api_key_hash = EXCLUDED.api_key_hash, roles = EXCLUDED.roles`,
    [operator.operatorId, operator.name, hashApiKey(operator.apiKey), operator.roles],
  );
}
