import type { DeadLetter } from '../dead-letter';
import { InvalidDeadLetterInputError } from '../dead-letter-errors';
import { matchesFilter, parseFilter } from './dead-letter-filter';

const now = Date.parse('2026-01-01T12:00:00Z');
const d = {
  consumerGroup: 'handoff.orchestrator',
  original: { topic: 'handoff.subscriber.lifecycle.v1' },
  error: { errorClass: 'permanent', code: 'MNO.ORDER_REJECTED' },
  owner: { team: 'network-ops' },
  deadLetteredAt: '2026-01-01T10:00:00Z',
  status: { state: 'open' },
} as DeadLetter;

describe('dead-letter filters', () => {
  it('matches by every field, ages counted back from now', () => {
    expect(matchesFilter(d, parseFilter({ olderThan: '1h', ownerTeam: 'network-ops' }), now)).toBe(
      true,
    );
    expect(matchesFilter(d, parseFilter({ newerThan: '1h' }), now)).toBe(false);
    expect(matchesFilter(d, parseFilter({ status: 'replayed' }), now)).toBe(false);
    expect(matchesFilter(d, parseFilter({ errorClass: 'retryable' }), now)).toBe(false);
    expect(matchesFilter(d, parseFilter({ code: 'MNO.ORDER_REJECTED', status: 'open' }), now)).toBe(
      true,
    );
    expect(matchesFilter(d, parseFilter({ code: 'CARD_DATA_REFUSED' }), now)).toBe(false);
    expect(matchesFilter(d, parseFilter({ code: 'MNO' }), now)).toBe(false);
    expect(matchesFilter(d, parseFilter({ topic: 'handoff.subscriber.lifecycle.v1' }), now)).toBe(
      true,
    );
  });

  it('says which filter is wrong', () => {
    expect(() => parseFilter({ olderThan: 'yesterday' })).toThrow(InvalidDeadLetterInputError);
    expect(() => parseFilter({ status: 'gone' })).toThrow(/status: "gone"/);
  });
});
