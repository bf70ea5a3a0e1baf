import { toReason } from './ops-reason';

describe('toReason', () => {
  it('keeps a leading dotted code and the rest as the message', () => {
    expect(toReason('VENDOR.RECOVERED: INC-4711 closed', 'OPS.X')).toEqual({
      code: 'VENDOR.RECOVERED',
      message: 'INC-4711 closed',
    });
  });

  it('gives free text the fallback code', () => {
    expect(toReason(' mno is back ', 'OPS.REPLAY_REQUESTED')).toEqual({
      code: 'OPS.REPLAY_REQUESTED',
      message: 'mno is back',
    });
  });
});
