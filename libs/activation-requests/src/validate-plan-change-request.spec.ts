import { validatePlanChangeRequest } from './validate-plan-change-request';

const catalogue = { knownPlans: new Set(['UNL-5G-30', 'BASIC-5G-15']) };
const fieldsOf = (body: unknown) => {
  const result = validatePlanChangeRequest(body, catalogue);
  return result.ok ? [] : result.fields;
};

describe('validatePlanChangeRequest', () => {
  it('accepts an active plan, trimmed', () => {
    expect(validatePlanChangeRequest({ planCode: ' BASIC-5G-15 ' }, catalogue)).toEqual({
      ok: true,
      request: { planCode: 'BASIC-5G-15' },
    });
  });

  it('names planCode when it is missing, empty, not a string or not an active plan', () => {
    for (const body of [{}, { planCode: '' }, { planCode: 30 }, { planCode: 'GOLD-1' }]) {
      expect(fieldsOf(body).map((error) => error.field)).toEqual(['planCode']);
    }
    expect(fieldsOf({ planCode: 'GOLD-1' })[0]?.message).toBe('unknown plan "GOLD-1"');
  });

  it('refuses an unknown field rather than dropping it', () => {
    expect(fieldsOf({ planCode: 'UNL-5G-30', effectiveAt: 'now' })).toEqual([
      { field: 'effectiveAt', message: 'unknown field' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(fieldsOf(['UNL-5G-30'])).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('never quotes a card number given as the plan code', () => {
    const [error] = fieldsOf({ planCode: '4111111111111111' });
    expect(error?.field).toBe('planCode');
    expect(error?.message).not.toContain('4111111111111111');
  });
});
