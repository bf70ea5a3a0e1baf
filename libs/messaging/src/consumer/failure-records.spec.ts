import { DeferredError, PermanentError, RetryableError } from '@handoff/resilience';
import { DeadLetterHeaders, RetryHeaders } from '../envelope/headers';
import type { IncomingRecord } from '../port/messaging.port';
import { groupTopics } from '../topics/topic-catalog';
import { deadLetterRecord, nextRetryRecord, type FailureContext } from './failure-records';

const ctx: FailureContext = {
  groupId: 'g',
  topics: groupTopics('g', [1_000, 10_000]),
  ownerOf: (topic, error) =>
    error instanceof PermanentError && error.integrationPoint
      ? { integrationPoint: error.integrationPoint, ownerTeam: 'network-ops' }
      : { integrationPoint: `consume:${topic}`, ownerTeam: 'billing-ops' },
};
const source: IncomingRecord = {
  topic: 'src',
  partition: 2,
  offset: '41',
  key: 'sub-1',
  value: Buffer.from([0, 0, 0, 0, 1, 9]),
  headers: { ce_id: 'e-1' },
  timestamp: '1700000000000',
};
const asIncoming = (r: {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}) => ({
  ...r,
  partition: 0,
  offset: '7',
  timestamp: '1700000009999',
});

describe('failure records', () => {
  it('moves a record up the retry tiers and keeps where it first came from', () => {
    const first = nextRetryRecord(
      source,
      new RetryableError('MNO.UNAVAILABLE', '503'),
      ctx,
      1_000,
    )!;
    expect(first.topic).toBe('g.retry-1');
    expect(first.headers).toMatchObject({
      [RetryHeaders.attempts]: '1',
      [RetryHeaders.dueAt]: '2000',
      [DeadLetterHeaders.originalTopic]: 'src',
      [DeadLetterHeaders.originalOffset]: '41',
      [RetryHeaders.lastErrorCode]: 'MNO.UNAVAILABLE',
    });
    const second = nextRetryRecord(
      asIncoming(first),
      new RetryableError('MNO.UNAVAILABLE', '503'),
      ctx,
      5_000,
    )!;
    expect(second.topic).toBe('g.retry-2');
    expect(second.headers).toMatchObject({
      [RetryHeaders.attempts]: '2',
      [RetryHeaders.dueAt]: '15000',
      [DeadLetterHeaders.originalTopic]: 'src',
      [RetryHeaders.firstFailureAt]: new Date(1_000).toISOString(),
    });
    expect(nextRetryRecord(asIncoming(second), new Error('x'), ctx)).toBeUndefined();
  });

  it('gives a dead letter to the owner of the integration point the error names', () => {
    const error = new PermanentError('MNO.ICCID_UNKNOWN', 'unknown', {
      stage: 'vendor-call',
      integrationPoint: 'handoff-to-mno',
    });
    const dlt = deadLetterRecord(source, error, 'vendor-call', ctx);
    expect(dlt.topic).toBe('g.dlt');
    expect(dlt.key).toBe('sub-1');
    expect(dlt.value).toBe(source.value);
    expect(dlt.headers).toMatchObject({
      ce_id: 'e-1',
      [DeadLetterHeaders.integrationPoint]: 'handoff-to-mno',
      [DeadLetterHeaders.ownerTeam]: 'network-ops',
      [DeadLetterHeaders.attempts]: '1',
    });
    expect(dlt.headers[RetryHeaders.dueAt]).toBeUndefined();
  });

  it('gives every dead-letter record an id of its own, even a replay of one that failed again', () => {
    const first = deadLetterRecord(source, new Error('boom'), 'persist', ctx);
    const again = deadLetterRecord(asIncoming(first), new Error('boom'), 'persist', ctx);
    expect(first.headers[DeadLetterHeaders.uid]).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.headers[DeadLetterHeaders.uid]).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.headers[DeadLetterHeaders.uid]).not.toBe(first.headers[DeadLetterHeaders.uid]);
  });

  it('gives an unattributed dead letter to the owner of the consuming integration point', () => {
    const dlt = deadLetterRecord(source, new Error('boom'), 'persist', ctx);
    expect(dlt.headers).toMatchObject({
      [DeadLetterHeaders.integrationPoint]: 'consume:src',
      [DeadLetterHeaders.errorClass]: 'retryable',
      [DeadLetterHeaders.errorCode]: 'UNCLASSIFIED',
      [DeadLetterHeaders.stage]: 'persist',
    });
  });

  it('holds a deferred record on its tier without counting an attempt', () => {
    const held = new DeferredError('MNO.BREAKER_OPEN', 'breaker open', { retryAfterMs: 300 });
    const first = nextRetryRecord(source, held, ctx, 1_000)!;
    expect(first.topic).toBe('g.retry-1');
    expect(first.headers).toMatchObject({
      [RetryHeaders.attempts]: '0',
      [RetryHeaders.dueAt]: '1300',
    });
    const longOutage = new DeferredError('MNO.BREAKER_OPEN', 'breaker open', {
      retryAfterMs: 5_000,
    });
    expect(nextRetryRecord(source, longOutage, ctx, 1_000)!.headers[RetryHeaders.dueAt]).toBe(
      '6000',
    );
    const again = nextRetryRecord(asIncoming(first), held, ctx, 2_000)!;
    expect(again.headers).toMatchObject({ [RetryHeaders.attempts]: '0', [RetryHeaders.tier]: '1' });
  });
});
