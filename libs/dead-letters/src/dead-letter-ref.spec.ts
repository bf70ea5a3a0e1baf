import { InvalidDeadLetterInputError } from './dead-letter-errors';
import { formatRef, parseRef } from './dead-letter-ref';

describe('dead-letter refs', () => {
  it('round-trips topic/partition/offset, dots in the topic included', () => {
    const ref = { topic: 'handoff.orchestrator.dlt', partition: 0, offset: '42' };
    expect(parseRef(formatRef(ref))).toEqual(ref);
  });

  it.each(['handoff.orchestrator.dlt', 'a/b/c', 'a/0/-1', ''])(
    'refuses "%s" naming the expected form',
    (text) => {
      expect(() => parseRef(text)).toThrow(InvalidDeadLetterInputError);
      expect(() => parseRef(text)).toThrow(/<topic>\/<partition>\/<offset>/);
    },
  );
});
