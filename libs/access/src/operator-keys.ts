import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordLedger } from '@handoff/audit';
import { newApiKey } from './api-key';
import { registerOperator, type Operator, type OperatorRole } from './principals';

/**
 * Who issued a key. An operator acts with an ops key; the first operator of an empty table and a
 * bootstrap act with nothing but direct database credentials, so the database user is named.
 */
export type KeyIssuer =
  | { kind: 'operator'; operator: Operator }
  | { kind: 'first-operator'; databaseUser: string; osUser: string }
  | { kind: 'bootstrap'; databaseUser: string; osUser: string };

/** Key issuance is Handoff's own business: the ledger files it under the internal integration point. */
export const KEY_ISSUANCE_POINT = 'handoff-internal';

export interface KeyRequest {
  operatorId: string;
  name: string;
  roles: OperatorRole[];
  issuedBy: KeyIssuer;
  /** The owner of `KEY_ISSUANCE_POINT` in the ownership matrix. */
  owner: { integrationPoint: string; team: string };
}

/**
 * Registers (or re-keys) an operator and records who did it in the audit ledger, in one
 * transaction. Returns the new key: it is stored hashed, so this is the only time anyone sees it.
 */
export async function issueOperatorKey(db: DataSource, request: KeyRequest): Promise<string> {
  const apiKey = newApiKey('ok');
  const { operatorId, name, roles, issuedBy, owner } = request;
  await db.transaction(async (manager) => {
    await registerOperator(manager, { operatorId, name, apiKey, roles });
    await recordLedger(manager, [
      {
        occurredAt: new Date(),
        correlationId: `operator-key-${randomUUID()}`,
        kind: 'operator-key',
        actor: actorOf(issuedBy),
        integrationPoint: owner.integrationPoint,
        ownerTeam: owner.team,
        subject: null,
        summary: { operatorId, roles, issuedAs: issuedBy.kind },
        outcome: issuedBy.kind === 'bootstrap' ? 'bootstrapped' : 'issued',
      },
    ]);
  });
  return apiKey;
}

/** The database user this connection acts as (who a bootstrap is recorded against). */
export async function databaseUser(db: DataSource): Promise<string> {
  const [row] = await db.query<{ user: string }[]>('SELECT current_user AS "user"');
  return row.user;
}

function actorOf(issuer: KeyIssuer): string {
  if (issuer.kind === 'operator') return `operator:${issuer.operator.operatorId}`;
  return `database:${issuer.databaseUser} (os user ${issuer.osUser})`;
}
