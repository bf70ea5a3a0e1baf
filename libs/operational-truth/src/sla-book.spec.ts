import { loadOwnershipMatrix, OwnershipMatrix } from '@handoff/ownership';
import { assertWorkTracked, vendorPointSlas, workSlas } from './sla-book';

const repositoryMatrix = loadOwnershipMatrix();

function matrixWith(operations: Record<string, Record<string, string>>): OwnershipMatrix {
  return OwnershipMatrix.fromDocument({
    version: 1,
    teams: [{ id: 'network-ops', name: 'Network Operations', channel: 'slack:#netops' }],
    integrationPoints: [
      {
        id: 'handoff-to-mno',
        from: 'handoff',
        to: 'mno',
        description: 'the MNO',
        responsibleTeam: 'network-ops',
        accountable: { name: 'Marcus Oyelaran', role: 'Head of Network Operations' },
        escalation: [
          { who: 'on-call', contact: 'pagerduty:network-ops', after: '0m', party: 'internal' },
        ],
        errorCategories: [{ id: 'other', description: 'any failure', catchAll: true }],
        sla: {
          latencyP95: '30s',
          availability: '99.9%',
          vendorFailures: ['MNO.TIMEOUT'],
          probeEvery: '30s',
          operations,
        },
        vendorClients: ['mno'],
      },
    ],
  });
}

describe('the SLA book', () => {
  it("reads the repository's per-operation SLAs: the MNO's work due times and each vendor's calls", () => {
    expect(workSlas(repositoryMatrix)).toContainEqual({
      integrationPoint: 'handoff-to-mno',
      operation: 'portIn',
      dueWithinMs: 86_400_000,
    });
    const payments = vendorPointSlas(repositoryMatrix).find(
      (p) => p.vendor === 'payment-processor',
    );
    expect(payments).toMatchObject({
      integrationPoint: 'handoff-to-payment-processor',
      availabilityPercent: 99.95,
      windowMs: 900_000,
      probeEveryMs: 60_000,
    });
    expect(payments?.calls).toContainEqual({ operation: 'authorize', latencyP95Ms: 3_000 });
    expect(() => assertWorkTracked(repositoryMatrix)).not.toThrow();
  });

  it('refuses a due time on work Handoff does not track, naming it', () => {
    const matrix = matrixWith({ portIn: { dueWithin: '1d' }, eSimDownload: { dueWithin: '5m' } });
    expect(() => assertWorkTracked(matrix)).toThrow(
      'ownership.yaml: handoff-to-mno.sla.operations.eSimDownload has a dueWithin, but Handoff ' +
        'tracks no open work of that name (tracked: activation, activationTax, activationPayment, planChange, suspension, ' +
        'resumption, deactivation, portIn, simSwap)',
    );
  });
});
