import { verdictProblems, type DemoVerdict } from './demo-report';

const kept: DemoVerdict = {
  activated: 100,
  expected: 100,
  provisionedTwice: 0,
  chargedTwice: 0,
  taxCommittedTwice: 0,
  unreconciled: 0,
  sceneProblems: [],
};

describe('the demo verdict', () => {
  it('passes when every valid activation is active, provisioned, charged and taxed once, to the cent', () => {
    expect(verdictProblems(kept)).toEqual([]);
  });

  it('names each broken promise', () => {
    expect(
      verdictProblems({
        activated: 92,
        expected: 100,
        provisionedTwice: 1,
        chargedTwice: 2,
        taxCommittedTwice: 3,
        unreconciled: 4,
        sceneProblems: ["2 activation(s) of a SIM not in the demo's batch"],
      }),
    ).toEqual([
      'only 92 of 100 valid activations active',
      '1 line(s) provisioned twice at the MNO',
      '2 activation(s) charged twice',
      '3 tax document(s) committed twice',
      '4 activation(s) whose amounts do not reconcile',
      "2 activation(s) of a SIM not in the demo's batch",
    ]);
  });
});
