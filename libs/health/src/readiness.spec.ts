import { consumerGroupsVerdict } from './readiness';

describe('consumerGroupsVerdict', () => {
  it('is down for a consumer service that has not started its first group yet', () => {
    expect(consumerGroupsVerdict([], true)).toEqual({
      up: false,
      details: { running: [], message: 'no consumer group started yet' },
    });
  });

  it('is up with an empty list for a service that consumes nothing', () => {
    expect(consumerGroupsVerdict([], false)).toEqual({ up: true, details: { running: [] } });
  });

  it('is down naming the stopped group once one of them stops', () => {
    const groups = [
      { groupId: 'handoff.payments', running: true },
      { groupId: 'handoff.dunning', running: false },
    ];
    expect(consumerGroupsVerdict(groups, true)).toEqual({
      up: false,
      details: { running: ['handoff.payments'], stopped: ['handoff.dunning'] },
    });
  });

  it('is up when every group runs', () => {
    expect(consumerGroupsVerdict([{ groupId: 'g', running: true }], true)).toEqual({
      up: true,
      details: { running: ['g'] },
    });
  });
});
