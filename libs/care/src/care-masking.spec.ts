import { lastFour, withoutRawIdentifiers } from './care-masking';

describe('care masking', () => {
  it('keeps the last four characters of an identifier and hides the rest', () => {
    expect(lastFour('+14155550123')).toBe('********0123');
    expect(lastFour('8901410321111851234')).toBe('***************1234');
    expect(lastFour('abc')).toBe('****');
    expect(lastFour(null)).toBeNull();
  });

  it('masks a raw identifier wherever it was copied, the longest first', () => {
    const answer = { note: 'ICCID 8901410321111851234 for +14155550123', ref: 'sub-7/req-1' };
    const masked = withoutRawIdentifiers(answer, ['8901410321111851234', '+14155550123', null]);
    expect(masked).toEqual({
      note: 'ICCID ***************1234 for ********0123',
      ref: 'sub-7/req-1',
    });
  });
});
