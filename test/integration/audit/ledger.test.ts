import { readTrace, recordLedger, type LedgerEntry } from '@handoff/audit';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

describe('audit ledger', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase('ledger');
  });
  afterAll(async () => {
    await db.close();
  });

  const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
    occurredAt: new Date(),
    correlationId: 'corr-1',
    kind: 'event-published',
    actor: 'handoff/gateway',
    integrationPoint: 'dealer-portal-to-handoff',
    ownerTeam: 'dealer-ops',
    outcome: 'ok',
    ...over,
  });

  it('returns a correlation chain in order, masks personal data, and records a redelivered event once', async () => {
    await recordLedger(db.dataSource, [
      entry({
        occurredAt: new Date(1_000),
        kind: 'http-request',
        subject: '8910042348144559361',
        summary: { iccid: '8910042348144559361', msisdn: '+14155550123', planCode: 'UNL-5G-30' },
      }),
      entry({
        occurredAt: new Date(2_000),
        eventId: 'e-1',
        eventType: 'handoff.activation.ActivationRequested',
      }),
      entry({
        occurredAt: new Date(2_000),
        eventId: 'e-1',
        eventType: 'handoff.activation.ActivationRequested',
      }),
      entry({ occurredAt: new Date(3_000), correlationId: 'corr-2' }),
    ]);

    const trace = await readTrace(db.dataSource, 'corr-1');
    expect(trace.map((r) => r.kind)).toEqual(['http-request', 'event-published']);
    expect(trace[0]?.subjectMasked).not.toContain('48144559');
    expect(JSON.stringify(trace[0]?.summary)).not.toMatch(/8910042348144559361|4155550123/);
    expect(trace[0]?.summary).toMatchObject({ planCode: 'UNL-5G-30' });
  });
});
