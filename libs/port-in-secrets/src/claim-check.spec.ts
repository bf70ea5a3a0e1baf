import type { ActivationRequested } from '@handoff/contracts';
import type { EntityManager } from 'typeorm';
import { checkInPortIn } from './claim-check';
import type { PortInSecrets, PortInSecretStore } from './port-in-secret.store';

const request = (portIn: ActivationRequested['portIn']) =>
  ({ activationId: 'act-1', portIn }) as ActivationRequested;

function store() {
  const deposited: { activationId: string; secrets: PortInSecrets }[] = [];
  const fake = {
    deposit: async (_db: unknown, activationId: string, secrets: PortInSecrets) => {
      deposited.push({ activationId, secrets });
      return 'pis-1';
    },
  } as unknown as PortInSecretStore;
  return { fake, deposited };
}

const db = {} as EntityManager;

describe('checkInPortIn', () => {
  it('moves inline secrets into the store and leaves only the claim check in the request', async () => {
    const { fake, deposited } = store();
    const inline = {
      donorOperator: 'Acme',
      accountNumber: '998877',
      pin: '4321',
      secretsRef: null,
    };
    const kept = await checkInPortIn(db, fake, request(inline));
    expect(kept.portIn).toEqual({
      donorOperator: 'Acme',
      accountNumber: null,
      pin: null,
      secretsRef: 'pis-1',
    });
    expect(deposited).toEqual([
      { activationId: 'act-1', secrets: { accountNumber: '998877', pin: '4321' } },
    ]);
  });

  it.each([
    ['no port-in', null],
    [
      'a port-in already checked in',
      { donorOperator: 'Acme', accountNumber: null, pin: null, secretsRef: 'pis-9' },
    ],
  ])('leaves a request with %s as it is, storing nothing', async (_case, portIn) => {
    const { fake, deposited } = store();
    const original = request(portIn);
    expect(await checkInPortIn(db, fake, original)).toBe(original);
    expect(deposited).toEqual([]);
  });
});
