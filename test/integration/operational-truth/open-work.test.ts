import type { DataSource } from 'typeorm';
import { ActivationRepository, overdueWork, stillOpen } from '@handoff/activation-saga';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { openPlanChange, workRefOf } from '../../support/operational-truth';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

const activations = new ActivationRepository();
const MINUTE = 60_000;

describe('open MNO work for jeopardy (PostgreSQL)', () => {
  let test: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    test = await migratedDatabase('open_work');
    db = test.dataSource;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('pages through every overdue request, however many, by work ref', async () => {
    const requests = await Promise.all([1, 2, 3, 4, 5].map(() => openPlanChange(db)));
    const late = new Date(Date.now() + 11 * MINUTE);
    const seen: string[] = [];
    let page = await overdueWork(db, 'planChange', late, { limit: 2 });
    while (page.length > 0) {
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((w) => w.workRef));
      page = await overdueWork(db, 'planChange', late, {
        afterRef: page[page.length - 1].workRef,
        limit: 2,
      });
    }
    expect(seen.sort()).toEqual(requests.map(workRefOf).sort());
  });

  it('counts an activation waiting on its MNO order as open activation work, and not once it is past the MNO step', async () => {
    const requested = bssActivation(newIccid());
    const { activationId } = requested.data;
    await db.transaction(async (tx) => {
      await activations.loadOrCreate(tx, requested.data, 'corr-open-work');
      await activations.update(tx, activationId, { state: 'inProgress', step: 'provisioning' });
    });
    const late = new Date(Date.now() + 11 * MINUTE);

    expect(await overdueWork(db, 'activation', new Date(Date.now() - MINUTE))).toEqual([]);
    const overdue = await overdueWork(db, 'activation', late);
    expect(overdue).toEqual([
      expect.objectContaining({
        operation: 'activation',
        workRef: activationId,
        subjectId: requested.data.subscriberId,
        correlationId: 'corr-open-work',
      }),
    ]);
    expect(await stillOpen(db, 'activation', [activationId])).toEqual(new Set([activationId]));

    // Provisioned, the money still to settle: no longer the MNO's work.
    await activations.update(db.manager, activationId, { step: 'paymentCapture' });
    expect(await stillOpen(db, 'activation', [activationId])).toEqual(new Set());
    expect(await overdueWork(db, 'activation', late)).toEqual([]);
  });
});
