import type { EntityManager } from 'typeorm';
import type { ActivationRequested } from '@handoff/contracts';
import type { PortInSecretStore } from './port-in-secret.store';

const hasInlineSecrets = (portIn: ActivationRequested['portIn']) =>
  portIn !== null && (portIn.pin !== null || portIn.accountNumber !== null);

/**
 * The request as Handoff keeps and forwards it: inline port-in secrets moved into the store and
 * replaced by their claim check (`portIn.secretsRef`). A request without inline secrets (none, or
 * already checked in) comes back unchanged. Call it in the transaction that first records the
 * request, so the secrets are kept exactly when the request is.
 */
export async function checkInPortIn(
  db: EntityManager,
  store: PortInSecretStore,
  request: ActivationRequested,
): Promise<ActivationRequested> {
  const { portIn } = request;
  if (portIn === null || !hasInlineSecrets(portIn)) return request;
  const { accountNumber, pin } = portIn;
  const secretsRef = await store.deposit(db, request.activationId, { accountNumber, pin });
  return { ...request, portIn: { ...portIn, accountNumber: null, pin: null, secretsRef } };
}
