import type { DataSource } from 'typeorm';
import { operatorByApiKey, type Operator, type OperatorRole } from '@handoff/access';
import { CliError } from './cli-error';

/**
 * The CLI acts as the operator whose key it was given, with the same roles as the API: a command
 * that names no roles admits ops and viewer keys, never a care key (as the API's guard does).
 */
export async function authenticate(
  db: DataSource,
  apiKey: string | undefined,
  roles: readonly OperatorRole[] = ['ops', 'viewer'],
): Promise<Operator> {
  if (!apiKey) {
    throw new CliError('an operator key is required: --api-key <key> or HANDOFF_OPERATOR_KEY');
  }
  const operator = await operatorByApiKey(db, apiKey);
  if (!operator) throw new CliError('unknown operator key');
  if (!roles.some((role) => operator.roles.includes(role))) {
    const has = operator.roles.join(', ') || 'no role';
    throw new CliError(
      `this needs the ${roles.join(' or ')} role; ${operator.operatorId} has ${has}`,
    );
  }
  return operator;
}
