import type { Backbone, EventEnvelope } from '@handoff/messaging';
import { capturedLogger } from '@handoff/observability/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { SagaCommitter } from './saga-commit';
import { SagaLedger } from './saga-ledger';

const envelope: EventEnvelope = {
  id: 'evt-1',
  type: 'handoff.lifecycle.SubscriberSuspensionRequested',
  source: 'bss',
  time: '2026-12-03T10:00:00.000Z',
  subject: '14155550123',
  correlationId: 'corr-1',
  causationId: 'evt-0',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  integrationPoint: 'bss-to-handoff',
  ownerTeam: 'Billing Operations',
  data: {},
};

/** A committer over a database that accepts every statement, and the lines it logs. */
function committerWithLog(failCommit = false) {
  const db = { query: async () => [] } as unknown as EntityManager;
  const dataSource = {
    transaction: async <T>(work: (tx: EntityManager) => Promise<T>) => {
      const result = await work(db);
      if (failCommit) throw new Error('could not serialize access');
      return result;
    },
  } as unknown as DataSource;
  const backbone = { writeToOutbox: async () => undefined, relay: { wake: () => undefined } };
  const { log, entries } = capturedLogger('orchestrator.saga');
  const committer = new SagaCommitter(dataSource, backbone as unknown as Backbone, log);
  return { committer, entries };
}

const ledger = new SagaLedger('handoff/orchestrator', () => 'Network Operations');

describe('SagaCommitter: decisions logged', () => {
  it('logs each committed decision once at info: step, outcome, masked subscriber, correlation and event ids', async () => {
    const { committer, entries } = committerWithLog();

    await committer.commit(envelope, async () => ({
      result: undefined,
      ledger: [
        ledger.consumed(envelope),
        ledger.outcome(envelope, 'suspend', 'rejected', { reasonCode: 'LINE_NOT_ACTIVE' }),
      ],
    }));
    await new Promise((resolve) => setImmediate(resolve));

    expect(entries()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'saga decision: suspend rejected',
        step: 'suspend',
        outcome: 'rejected',
        reasonCode: 'LINE_NOT_ACTIVE',
        subscriberId: '1415*****23',
        correlationId: 'corr-1',
        eventId: 'evt-1',
      }),
    ]);
  });

  it('logs nothing for a decision whose transaction did not commit', async () => {
    const { committer, entries } = committerWithLog(true);

    await expect(
      committer.commit(envelope, async () => ({
        result: undefined,
        ledger: [ledger.outcome(envelope, 'suspend', 'completed', {})],
      })),
    ).rejects.toThrow('could not serialize access');
    await new Promise((resolve) => setImmediate(resolve));

    expect(entries()).toEqual([]);
  });
});
