import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ActivationRepository,
  LineRepository,
  type LineRequestIntake,
  type LineRequestKind,
  type LineTarget,
} from '@handoff/activation-saga';
import { RetryableError } from '@handoff/resilience';
import { newIccid } from '../../support/activation-requests';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

const lines = new LineRepository();
const activations = new ActivationRepository();

let serial = Math.floor(Math.random() * 1e7);
const newMsisdn = () => `1415${String((serial += 1)).padStart(7, '0')}`;

interface TestLine {
  subscriberId: string;
  iccid: string;
  msisdn: string;
}

/** An active line, written the way the activation saga writes one. */
async function activeLine(db: DataSource): Promise<TestLine> {
  const line = { subscriberId: `sub-${randomUUID()}`, iccid: newIccid(), msisdn: newMsisdn() };
  await activations.createSubscriber(db.manager, {
    ...line,
    imsi: '310260123456789',
    planCode: 'UNL-5G-30',
    activationId: `act-${randomUUID()}`,
  });
  return line;
}

function intake(subscriberId: string, kind: LineRequestKind): LineRequestIntake {
  const requestId = `req-${randomUUID()}`;
  return {
    requestId,
    subscriberId,
    kind,
    eventId: randomUUID(),
    correlationId: requestId,
    requestedAt: Date.now(),
  };
}

const inTransaction = <T>(db: DataSource, work: (tx: EntityManager) => Promise<T>) =>
  db.transaction(work);

async function open(
  db: DataSource,
  subscriberId: string,
  kind: LineRequestKind,
  target: LineTarget,
) {
  const request = intake(subscriberId, kind);
  await inTransaction(db, (tx) => lines.open(tx, request, target));
  return request;
}

describe('LineRepository (PostgreSQL)', () => {
  let test: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    test = await migratedDatabase('lines');
    db = test.dataSource;
  });

  afterAll(async () => {
    await test?.close();
  });

  it('keeps the line busy while a plan change is open, then gives it the new plan and frees it', async () => {
    const line = await activeLine(db);
    const request = await open(db, line.subscriberId, 'planChange', {
      state: 'active',
      planCode: 'BASIC-5G-15',
    });
    await inTransaction(db, (tx) => lines.recordOrder(tx, request, 'so-1'));

    expect(await lines.lock(db.manager, line.subscriberId)).toMatchObject({
      planCode: 'UNL-5G-30',
      openRequestId: request.requestId,
    });
    expect(await lines.findRequest(db.manager, request)).toMatchObject({
      kind: 'planChange',
      state: 'inProgress',
      mnoOrderId: 'so-1',
    });

    const completed = await inTransaction(db, (tx) => lines.complete(tx, request));

    expect(completed).toMatchObject({
      state: 'active',
      planCode: 'BASIC-5G-15',
      openRequestId: null,
    });
    expect(await lines.findRequest(db.manager, request)).toMatchObject({
      state: 'completed',
    });
  });

  it('applies a completion heard twice once', async () => {
    const line = await activeLine(db);
    const request = await open(db, line.subscriberId, 'suspension', {
      state: 'suspended',
      suspensionReason: 'LOST_SIM',
    });
    await inTransaction(db, (tx) => lines.complete(tx, request));
    const resume = await open(db, line.subscriberId, 'resumption', { state: 'active' });
    await inTransaction(db, (tx) => lines.complete(tx, resume));

    expect(await inTransaction(db, (tx) => lines.complete(tx, request))).toBeUndefined();
    expect(await lines.lock(db.manager, line.subscriberId)).toMatchObject({
      state: 'active',
      suspensionReason: null,
    });
  });

  it('keeps the suspension reason while suspended and clears it on resume', async () => {
    const line = await activeLine(db);
    const suspend = intake(line.subscriberId, 'suspension');
    const suspended = await inTransaction(db, (tx) =>
      lines.applyNow(tx, suspend, { state: 'suspended', suspensionReason: 'FRAUD' }),
    );
    expect(suspended).toMatchObject({ state: 'suspended', suspensionReason: 'FRAUD' });

    const resume = intake(line.subscriberId, 'resumption');
    const resumed = await inTransaction(db, (tx) =>
      lines.applyNow(tx, resume, { state: 'active' }),
    );
    expect(resumed).toMatchObject({ state: 'active', suspensionReason: null });
  });

  it('moves a line to its new SIM and IMSI, and binds the new SIM to it while the swap is open', async () => {
    const line = await activeLine(db);
    const other = await activeLine(db);
    const newIccidOfLine = newIccid();
    const swap = await open(db, line.subscriberId, 'simSwap', {
      state: 'active',
      iccid: newIccidOfLine,
    });

    expect(await lines.iccidBoundElsewhere(db.manager, newIccidOfLine, other.subscriberId)).toBe(
      true,
    );
    expect(await lines.iccidBoundElsewhere(db.manager, newIccidOfLine, line.subscriberId)).toBe(
      false,
    );
    expect(await activations.iccidBoundElsewhere(db.manager, newIccidOfLine, 'act-new')).toBe(true);

    const swapped = await inTransaction(db, (tx) =>
      lines.complete(tx, swap, { imsi: '310260999999999' }),
    );

    expect(swapped).toMatchObject({ iccid: newIccidOfLine, imsi: '310260999999999' });
    expect(await lines.iccidBoundElsewhere(db.manager, newIccidOfLine, other.subscriberId)).toBe(
      true,
    );
    expect(await lines.iccidBoundElsewhere(db.manager, line.iccid, other.subscriberId)).toBe(false);
  });

  it('leaves the line as it was when the order fails, and frees it', async () => {
    const line = await activeLine(db);
    const portIn = await open(db, line.subscriberId, 'portIn', {
      state: 'active',
      msisdn: newMsisdn(),
    });

    expect(await inTransaction(db, (tx) => lines.fail(tx, portIn, 'MNO.ORDER_FAILED'))).toBe(true);

    expect(await lines.lock(db.manager, line.subscriberId)).toMatchObject({
      msisdn: line.msisdn,
      openRequestId: null,
    });
    expect(await lines.findRequest(db.manager, portIn)).toMatchObject({
      state: 'failed',
      reasonCode: 'MNO.ORDER_FAILED',
    });
  });

  it('refuses to open a second request on a busy line and records nothing of it', async () => {
    const line = await activeLine(db);
    await open(db, line.subscriberId, 'planChange', { state: 'active', planCode: 'BASIC-5G-15' });

    const second = intake(line.subscriberId, 'suspension');
    const opening = inTransaction(db, (tx) =>
      lines.open(tx, second, { state: 'suspended', suspensionReason: 'NON_PAYMENT' }),
    );

    await expect(opening).rejects.toBeInstanceOf(RetryableError);
    await expect(opening).rejects.toMatchObject({ code: 'LIFECYCLE.LINE_CHANGED' });
    expect(await lines.findRequest(db.manager, second)).toBeUndefined();
  });

  it('remembers a refused request with its reason, for a subscriber without a line too', async () => {
    const refused = intake(`sub-${randomUUID()}`, 'resumption');
    await inTransaction(db, (tx) => lines.reject(tx, refused, 'LIFECYCLE.LINE_NOT_FOUND'));

    expect(await lines.findRequest(db.manager, refused)).toMatchObject({
      state: 'rejected',
      reasonCode: 'LIFECYCLE.LINE_NOT_FOUND',
    });
  });

  it("keeps request ids per subscriber: another subscriber's request with the same id is its own", async () => {
    const line = await activeLine(db);
    const refused = intake(`sub-${randomUUID()}`, 'resumption');
    await inTransaction(db, (tx) => lines.reject(tx, refused, 'LIFECYCLE.LINE_NOT_FOUND'));
    const same = { ...refused, subscriberId: line.subscriberId };

    expect(await lines.findRequest(db.manager, same)).toBeUndefined();
    await inTransaction(db, (tx) =>
      lines.open(tx, same, { state: 'suspended', suspensionReason: 'CUSTOMER_REQUEST' }),
    );
    expect(await lines.findRequest(db.manager, same)).toMatchObject({ state: 'inProgress' });
  });

  it("counts a number as another subscriber's while a line in service has it or a port-in brings it", async () => {
    const holder = await activeLine(db);
    const asker = await activeLine(db);
    const porting = newMsisdn();
    await open(db, holder.subscriberId, 'portIn', { state: 'active', msisdn: porting });

    expect(await lines.msisdnBoundElsewhere(db.manager, holder.msisdn, asker.subscriberId)).toBe(
      true,
    );
    expect(await lines.msisdnBoundElsewhere(db.manager, porting, asker.subscriberId)).toBe(true);
    expect(await lines.msisdnBoundElsewhere(db.manager, holder.msisdn, holder.subscriberId)).toBe(
      false,
    );
    expect(await lines.subscriberWithNumber(db.manager, holder.msisdn)).toBe(holder.subscriberId);
  });

  it('frees the number of a terminated line, which keeps its SIM', async () => {
    const gone = await activeLine(db);
    const asker = await activeLine(db);
    await inTransaction(db, (tx) =>
      lines.applyNow(tx, intake(gone.subscriberId, 'portOut'), { state: 'terminated' }),
    );

    expect(await lines.msisdnBoundElsewhere(db.manager, gone.msisdn, asker.subscriberId)).toBe(
      false,
    );
    expect(await lines.subscriberWithNumber(db.manager, gone.msisdn)).toBeUndefined();
    expect(await lines.iccidBoundElsewhere(db.manager, gone.iccid, asker.subscriberId)).toBe(true);
    const reopening = inTransaction(db, (tx) =>
      lines.open(tx, intake(gone.subscriberId, 'resumption'), { state: 'active' }),
    );
    await expect(reopening).rejects.toMatchObject({ code: 'LIFECYCLE.LINE_CHANGED' });
  });

  it('refuses a state outside TMF638 and a suspension reason on a line that is not suspended', async () => {
    const line = await activeLine(db);
    const set = (column: string, value: string) =>
      db.query(`UPDATE subscribers SET ${column} = $2 WHERE subscriber_id = $1`, [
        line.subscriberId,
        value,
      ]);

    await expect(set('state', 'barred')).rejects.toThrow(/subscribers_state_tmf638/);
    await expect(set('suspension_reason', 'FRAUD')).rejects.toThrow(
      /subscribers_suspension_reason_when_suspended/,
    );
  });
});
