import { GENERATED_TYPES_FILE, defaultContractsDir, runContractsCheck } from '@handoff/contracts';

// The same check as `npm run contracts:check`, so the unit run also fails on a broken contract.
describe('the committed contracts', () => {
  it('pass the contracts check: ids, compatibility, fixtures and generated types', () => {
    const report = runContractsCheck({
      contractsDir: defaultContractsDir(),
      generatedTypesFile: GENERATED_TYPES_FILE,
    });
    expect(report.problems).toEqual([]);
  });
});
