import type { SagaCheckpoint } from '@handoff/activation-saga';
import { EventTypes } from '@handoff/contracts';
import { Topics, type Backbone } from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { startVendorSimulators } from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { chargedBssActivation, newIccid } from '../../support/activation-requests';
import { testBackbone, TopicTap } from '../../support/backbone-harness';
import { killStrayChildren, outputTail } from '../../support/child-process';
import { MoneySimulators } from '../../support/money-simulators-client';
import {
  startOrchestratorWorker,
  startReadyWorker,
  workerGroupEnv,
} from '../../support/orchestrator-workers';
import { infra, waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

interface SagaRow {
  state: string;
  step: string;
  payment_intent_id: string;
  payment_status: string;
  tax_document_code: string;
}

describe('orchestrator SIGKILLed between a money call and the saga commit (real processes, Kafka, PostgreSQL, HTTP)', () => {
  let simulator: Awaited<ReturnType<typeof startVendorSimulators>>;
  let money: MoneySimulators;
  let db: DataSource;
  let bss: Backbone;
  let lifecycle: TopicTap;

  beforeAll(async () => {
    simulator = await startVendorSimulators({
      port: 0,
      completionDelayMs: 150,
      logLevel: 'silent',
    });
    money = new MoneySimulators(simulator.payment.url, simulator.tax.url);
    db = await createDataSource(infra.databaseUrl).initialize();
    bss = testBackbone(db);
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
  });
  afterAll(async () => {
    await killStrayChildren();
    await lifecycle?.close();
    await bss?.close();
    await db?.destroy();
    await simulator?.close();
  });

  const row = async (activationId: string) =>
    (
      await db.query<SagaRow[]>('SELECT * FROM activations WHERE activation_id = $1', [
        activationId,
      ])
    )[0];
  /** The saga's own record of its calls about one intent or document: operation and outcome. */
  const vendorCalls = async (id: string) =>
    (
      await db.query<{ operation: string; outcome: string }[]>(
        `SELECT summary->>'operation' AS operation, outcome FROM audit_ledger
          WHERE kind = 'vendor-call' AND summary->>'orderId' = $1 ORDER BY id`,
        [id],
      )
    ).map((c) => `${c.operation}:${c.outcome}`);
  /**
   * The calls after the one the crash followed, each once (a redelivery of the request beside its
   * retry may ask again); that one must have been made exactly once.
   */
  const afterTheCrash = (calls: string[], last: string) => {
    expect(calls.filter((c) => c === last)).toEqual([last]);
    return [...new Set(calls.slice(calls.indexOf(last) + 1))];
  };
  const activatedEvents = (activationId: string) =>
    lifecycle
      .eventsOfType(EventTypes.SubscriberActivated)
      .filter((e) => (e.data as { activationId: string }).activationId === activationId);

  /**
   * One charged activation through an orchestrator that kills itself at `checkpoint`, then through
   * one that does not. Returns the row as the crash left it and as the second run finished it.
   */
  async function crashThenResume(checkpoint: SagaCheckpoint) {
    const env = await workerGroupEnv('money-crash', RETRY_DELAYS_MS, simulator);
    const request = chargedBssActivation(newIccid());
    const { activationId } = request.data;

    const first = await startReadyWorker({ ...env, WORKER_CRASH_AT: checkpoint });
    let crashed: Awaited<typeof first.exited> | undefined;
    void first.exited.then((exit) => (crashed = exit));
    await bss.publishNow([request]);
    await waitFor(`the first orchestrator to die at ${checkpoint}`, () => crashed, 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${outputTail(first)}`);
      },
    );
    expect(crashed).toEqual({ code: null, signal: 'SIGKILL' });
    const left = await row(activationId);

    const second = startOrchestratorWorker(env);
    await waitFor('SubscriberActivated', () => activatedEvents(activationId)[0], 120_000);
    second.child.kill('SIGTERM');
    // Nest re-raises SIGTERM once its shutdown hooks have run: that is its clean exit.
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
    return { activationId, left, done: await row(activationId) };
  }

  it('captures once, commits one document and announces once when killed after the capture and before its commit', async () => {
    const { activationId, left, done } = await crashThenResume('paymentCaptured');

    // The processor had captured; the saga had not recorded it.
    expect(left).toMatchObject({ step: 'paymentCapture', payment_status: 'authorized' });
    const intentId = left.payment_intent_id;
    expect(done).toMatchObject({ state: 'completed', payment_status: 'captured' });
    const effects = (await money.paymentEffects(intentId)).map((e) => e.kind);
    expect(effects).toEqual(['authorization', 'capture']);
    // The second run asked the processor, found the capture, and did not capture again.
    expect(afterTheCrash(await vendorCalls(intentId), 'capture:captured')).toEqual([
      'getIntent:captured',
    ]);
    const filed = await money.taxLedger(done.tax_document_code);
    expect(filed.map((e) => e.effect)).toEqual(['committed']);
    expect(activatedEvents(activationId)).toHaveLength(1);
  });

  it('commits one document, captures once and announces once when killed after the tax commit and before its commit', async () => {
    const { activationId, left, done } = await crashThenResume('taxCommitted');

    // The engine had committed the document; the saga had not recorded it.
    expect(left).toMatchObject({ state: 'inProgress', step: 'taxCommit' });
    const code = left.tax_document_code;
    expect(done).toMatchObject({ state: 'completed', step: 'completed' });
    expect((await money.taxLedger(code)).map((e) => e.effect)).toEqual(['committed']);
    // The second run asked the engine, found the document committed, and did not commit again.
    expect(afterTheCrash(await vendorCalls(code), 'commit:committed')).toEqual([
      'findDocument:committed',
    ]);
    const effects = (await money.paymentEffects(done.payment_intent_id)).map((e) => e.kind);
    expect(effects).toEqual(['authorization', 'capture']);
    expect(activatedEvents(activationId)).toHaveLength(1);
  });
});
