import type { PaymentCheckpoint } from '@handoff/payment-requests';
import { EventTypes } from '@handoff/contracts';
import { Topics, type Backbone, type NewEvent } from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { startVendorSimulators } from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { testBackbone, TopicTap } from '../../support/backbone-harness';
import { killStrayChildren, outputTail, startTsProcess } from '../../support/child-process';
import { MoneySimulators } from '../../support/money-simulators-client';
import { bssPayment, bssRefund } from '../../support/payment-requests';
import { paymentsEnv, paymentsGroup } from '../../support/payments-stack';
import { infra, waitFor } from '../../support/test-infra';

const WORKER = 'test/support/fixtures/payments-worker.ts';
const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

describe('payments service SIGKILLed between the processor acting and its commit (real processes, Kafka, PostgreSQL, HTTP)', () => {
  let simulators: Awaited<ReturnType<typeof startVendorSimulators>>;
  let money: MoneySimulators;
  let db: DataSource;
  let bss: Backbone;
  let paymentTopic: TopicTap;

  beforeAll(async () => {
    simulators = await startVendorSimulators({ port: 0, logLevel: 'silent' });
    money = new MoneySimulators(simulators.payment.url, simulators.tax.url);
    db = await createDataSource(infra.databaseUrl).initialize();
    bss = testBackbone(db);
    paymentTopic = await TopicTap.open(Topics.Payments, { fromNow: true });
  });
  afterAll(async () => {
    await killStrayChildren();
    await paymentTopic?.close();
    await bss?.close();
    await db?.destroy();
    await simulators?.close();
  });

  const outcomes = (type: string, paymentId: string) =>
    paymentTopic
      .eventsOfType(type)
      .filter((e) => (e.data as { paymentId: string }).paymentId === paymentId);
  const effectsOf = async (subscriberId: string) =>
    (await money.customerEffects(subscriberId)).map((e) => e.kind);
  const stepOf = async (table: string, column: string, id: string) =>
    (await db.query<{ step: string }[]>(`SELECT step FROM ${table} WHERE ${column} = $1`, [id]))[0]
      ?.step;

  /**
   * A payments process that kills itself at `checkpoint` while handling `events`, then
   * one that does not, until `done` holds. Returns the step the crash left.
   */
  async function crashThenResume(
    checkpoint: PaymentCheckpoint,
    events: NewEvent[],
    done: () => unknown,
    leftStep: () => Promise<string | undefined>,
  ) {
    const env = {
      ...paymentsEnv(money),
      WORKER_GROUP: await paymentsGroup(RETRY_DELAYS_MS),
      PAYMENTS_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
    };
    const first = startTsProcess(WORKER, { ...env, WORKER_CRASH_AT: checkpoint });
    await waitFor(
      'the first payments worker to start',
      () => first.output().includes('ready'),
      60_000,
    );
    let crashed: Awaited<typeof first.exited> | undefined;
    void first.exited.then((exit) => (crashed = exit));
    await bss.publishNow(events);
    await waitFor(`the first worker to die at ${checkpoint}`, () => crashed, 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${outputTail(first)}`);
      },
    );
    expect(crashed).toEqual({ code: null, signal: 'SIGKILL' });
    const left = await leftStep();

    const second = startTsProcess(WORKER, env);
    await waitFor('the outcome after the restart', done, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputTail(second)}`);
    });
    second.child.kill('SIGTERM');
    // Nest re-raises SIGTERM once its shutdown hooks have run: that is its clean exit.
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
    return left;
  }

  it('captures once and announces once when killed after the capture and before its commit', async () => {
    const payment = bssPayment('topUp');
    const { paymentId, subscriberId } = payment.data;
    const left = await crashThenResume(
      'paymentCaptured',
      [payment],
      () => outcomes(EventTypes.PaymentCaptured, paymentId)[0],
      () => stepOf('payment_requests', 'payment_id', paymentId),
    );

    // The processor had captured; the service had not recorded it.
    expect(left).toBe('capture');
    expect(await stepOf('payment_requests', 'payment_id', paymentId)).toBe('captured');
    expect(await effectsOf(subscriberId)).toEqual(['authorization', 'capture']);
    expect((await money.taxLedger(`PAY-${paymentId}`)).map((e) => e.effect)).toEqual(['committed']);
    expect(outcomes(EventTypes.PaymentCaptured, paymentId)).toHaveLength(1);
  });

  it('refunds once and announces once when killed after the refund and before its commit', async () => {
    const payment = bssPayment('topUp');
    const { paymentId, subscriberId } = payment.data;
    const refund = bssRefund(payment.data, 700);
    const { refundRequestId } = refund.data;
    const left = await crashThenResume(
      'refunded',
      [payment, refund],
      () => outcomes(EventTypes.PaymentRefunded, paymentId)[0],
      () => stepOf('payment_refunds', 'refund_request_id', refundRequestId),
    );

    expect(left).toBe('refund');
    expect(await effectsOf(subscriberId)).toEqual(['authorization', 'capture', 'refund']);
    expect((await money.taxLedger(`PAY-${paymentId}`)).map((e) => e.effect)).toEqual([
      'committed',
      'adjusted',
    ]);
    expect(outcomes(EventTypes.PaymentRefunded, paymentId)).toHaveLength(1);
  });
});
