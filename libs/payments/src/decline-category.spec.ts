import { declineCategory } from './decline-category';

describe('declineCategory', () => {
  it.each([
    ['stolen_card', 'hard'],
    ['lost_card', 'hard'],
    ['account_closed', 'hard'],
    ['insufficient_funds', 'soft'],
    ['try_again_later', 'soft'],
    ['a_code_nobody_knows', 'hard'],
  ])('treats %s as %s', (code, category) => {
    expect(declineCategory(code)).toBe(category);
  });

  it("follows the processor's advice over the code", () => {
    expect(declineCategory('generic_decline', 'do_not_try_again')).toBe('hard');
    expect(declineCategory('stolen_card', 'try_again_later')).toBe('soft');
  });
});
