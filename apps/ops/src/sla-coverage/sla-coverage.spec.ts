import { loadOwnershipMatrix } from '@handoff/ownership';
import { warnUncoveredCategories } from './sla-coverage';

describe('the start-up warning of categories no SLA covers', () => {
  it('logs one structured warning per uncovered category, naming its owner', () => {
    const matrix = loadOwnershipMatrix();
    const warnings: { fields: Record<string, unknown>; message: string }[] = [];
    warnUncoveredCategories(matrix, {
      warn: (fields, message) => warnings.push({ fields, message }),
    });

    const uncovered = matrix.slaCoverage().filter((c) => !c.covered);
    expect(warnings).toHaveLength(uncovered.length);
    expect(warnings).toContainEqual({
      fields: {
        integrationPoint: 'handoff-to-mno',
        category: 'undocumented-order-failure',
        codes: ['MNO.ORDER_FAILED'],
        ownerTeam: 'network-ops',
        accountable: 'Marcus Oyelaran',
      },
      message:
        'SLA coverage: handoff-to-mno undocumented-order-failure (MNO.ORDER_FAILED): uncovered, ' +
        'Network Operations (Marcus Oyelaran) must negotiate it',
    });
    expect(warnings.find((w) => w.fields.category === 'vendor-answer')?.fields.codes).toEqual([
      '*',
    ]);
  });
});
