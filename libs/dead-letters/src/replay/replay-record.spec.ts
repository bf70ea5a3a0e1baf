import { CeHeaders, DeadLetterHeaders, ReplayHeaders, RetryHeaders } from '@handoff/messaging';
import { replayRecord } from './replay-record';

const deadLetter = {
  topic: 'g.dlt',
  partition: 0,
  offset: '3',
  key: 'sub-1',
  value: Buffer.from([0, 0, 0, 0, 1, 2]),
  timestamp: '1',
  headers: {
    [CeHeaders.id]: 'e-1',
    [CeHeaders.correlationId]: 'c-1',
    [DeadLetterHeaders.originalTopic]: 'src',
    [DeadLetterHeaders.exceptionMessage]: 'boom',
    [DeadLetterHeaders.errorCode]: 'MNO.DOWN',
    [DeadLetterHeaders.attempts]: '4',
    [DeadLetterHeaders.uid]: '0b6f8f5e-3c1a-4f7e-9d2a-5a8f0c2e1b77',
    [RetryHeaders.attempts]: '3',
    [RetryHeaders.dueAt]: '999',
    [RetryHeaders.firstFailureAt]: '2026-01-01T00:00:00.000Z',
    [ReplayHeaders.replayId]: 'old-replay',
  },
};

describe('replayRecord', () => {
  const out = replayRecord(deadLetter, {
    topic: 'g.retry-1',
    replayId: 'r-2',
    replayedBy: 'alice',
    reason: 'vendor back',
    now: 1_000,
  });

  it("goes to the group's retry topic with the original key, value and event headers", () => {
    expect(out).toMatchObject({ topic: 'g.retry-1', key: 'sub-1', value: deadLetter.value });
    expect(out.headers).toMatchObject({
      [CeHeaders.id]: 'e-1',
      [CeHeaders.correlationId]: 'c-1',
      [DeadLetterHeaders.originalTopic]: 'src',
      [RetryHeaders.firstFailureAt]: '2026-01-01T00:00:00.000Z',
    });
  });

  it('starts a fresh retry path, due now, and carries the new replay provenance', () => {
    expect(out.headers).toMatchObject({
      [RetryHeaders.attempts]: '0',
      [RetryHeaders.dueAt]: '1000',
      [ReplayHeaders.replayId]: 'r-2',
      [ReplayHeaders.replayedBy]: 'alice',
      [ReplayHeaders.replayReason]: 'vendor back',
    });
    for (const stale of [
      DeadLetterHeaders.exceptionMessage,
      DeadLetterHeaders.errorCode,
      DeadLetterHeaders.attempts,
      DeadLetterHeaders.uid,
    ]) {
      expect(out.headers[stale]).toBeUndefined();
    }
  });
});
