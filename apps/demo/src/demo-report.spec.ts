import { verdictProblems } from './demo-report';

describe('the demo verdict', () => {
  it('passes when every valid activation is active and no line was provisioned twice', () => {
    expect(verdictProblems({ activated: 100, expected: 100, provisionedTwice: 0 })).toEqual([]);
  });

  it('names each broken promise', () => {
    expect(verdictProblems({ activated: 92, expected: 100, provisionedTwice: 1 })).toEqual([
      'only 92 of 100 valid activations active',
      '1 line(s) provisioned twice at the MNO',
    ]);
  });
});
