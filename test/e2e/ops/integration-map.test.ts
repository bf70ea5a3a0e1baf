import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import { newApiKey, registerOperator } from '@handoff/access';
import { DeadLetterOps } from '@handoff/dead-letters';
import { launchChromium } from '@handoff/devstack';
import { Backbone } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { loadOwnershipMatrix, type OwnershipMatrix } from '@handoff/ownership';
import type { DataSource } from 'typeorm';
import { OpsModule } from '../../../apps/ops/src/ops.module';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800];
const SCREENSHOTS = resolve(__dirname, '../../../.cache/screenshots');

describe('the integration map in a real browser (Chromium, real Kafka, PostgreSQL, HTTP)', () => {
  const saved = { ...process.env };
  const viewerKey = newApiKey('ok');
  const matrix = loadOwnershipMatrix();
  let db: TestDatabase;
  let stack: SagaStack;
  let ops: INestApplication;
  let opsUrl: string;
  let browser: Browser;
  let page: Page;
  let traffic: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    // The whole stack on a database of its own: the map reads every held activation and the last
    // seconds of the ledger, and must not see what other tests left there.
    db = await migratedDatabase('integration_map');
    process.env.DATABASE_URL = db.scratch.url;
    process.env.OPS_MAP_WINDOW = '4s';
    stack = await startSagaStack(RETRY_DELAYS_MS, 500);
    await registerOperator(db.dataSource, {
      operatorId: 'vera',
      name: 'Vera Viewer',
      apiKey: viewerKey,
      roles: ['viewer'],
    });
    // The ops app's own watcher probes every vendor (this stack's simulators) twice a second, so a
    // vendor that goes down with no traffic at all still turns its flow red.
    Object.assign(process.env, {
      OPS_WATCH_INTERVAL_MS: '200',
      OPS_PROBE_EVERY: '500ms',
      MNO_BASE_URL: stack.mno.tmfBaseUrl,
      MNO_CALL_TIMEOUT_MS: '400',
      TAX_BASE_URL: stack.money.taxBaseUrl,
      PAYMENT_BASE_URL: stack.money.paymentBaseUrl,
    });
    ops = await startOpsWithDeadLettersOf(stack.groupId);
    opsUrl = await ops.getUrl();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    clearInterval(traffic);
    await browser?.close();
    await ops?.close();
    await stack?.close();
    process.env = saved;
    await db?.close();
  });

  /** The ops app as deployed, but browsing only this test's orchestrator group's dead letters. */
  async function startOpsWithDeadLettersOf(groupId: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({ imports: [OpsModule] })
      .overrideProvider(DeadLetterOps)
      .useFactory({
        inject: [Backbone, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX],
        factory: (backbone: Backbone, dataSource: DataSource, ownership: OwnershipMatrix) =>
          new DeadLetterOps({
            backbone,
            dataSource,
            ownership,
            groups: [{ groupId, retryDelaysMs: RETRY_DELAYS_MS }],
          }),
      })
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return app;
  }

  /** The BSS keeps activating, one line every 300 ms, as a busy day would. */
  function keepActivating(): void {
    traffic ??= setInterval(() => {
      void stack.bss.publishNow([bssActivation(newIccid())]).catch(() => undefined);
    }, 300);
  }

  const mnoFlow = () => page.locator('li.flow[data-flow="handoff-to-mno"]');
  const mnoEdge = () => page.locator('g.edge[data-flow="handoff-to-mno"]');

  async function waitForMnoState(state: string, timeoutMs: number): Promise<void> {
    await waitFor(
      `the MNO flow to turn ${state}`,
      async () => (await mnoFlow().getAttribute('data-state')) === state,
      timeoutMs,
    );
    expect(await mnoEdge().getAttribute('data-state')).toBe(state);
  }

  it('asks for a key, then shows every integration point of ownership.yaml with its owner and SLA', async () => {
    await page.goto(`${opsUrl}/map?refresh=1`);
    await page.locator('#key').fill(viewerKey);
    await page.locator('#login button').click();
    await waitFor('the flows', async () => (await page.locator('li.flow').count()) > 0, 15_000);
    const shown = await Promise.all(
      (await page.locator('li.flow').all()).map((li) => li.getAttribute('data-flow')),
    );
    expect(shown.sort()).toEqual(matrix.integrationPoints.map((p) => p.id).sort());
    const mno = matrix.integrationPoints.find((p) => p.id === 'handoff-to-mno')!;
    const text = await mnoFlow().innerText();
    expect(text).toContain('Network Operations');
    expect(text).toContain(mno.accountable.name);
    expect(text).toContain(mno.escalation[1]?.who);
    // Every category no SLA covers is listed, with its owner; the MNO's flow names its own.
    const uncovered = matrix.slaCoverage().filter((c) => !c.covered);
    const listed = await page.locator('#uncovered li').allInnerTexts();
    expect(listed).toHaveLength(uncovered.length);
    expect(listed).toContain(
      'handoff-to-mno undocumented-order-failure (MNO.ORDER_FAILED): uncovered, ' +
        'Network Operations (Marcus Oyelaran) must negotiate it',
    );
    expect(await mnoFlow().locator('.coverage').innerText()).toBe(
      'SLA covers: vendor-outage, malformed-answer · request-refused uncovered · ' +
        'undocumented-order-failure uncovered · vendor-answer uncovered',
    );
    for (const system of [
      'BSS',
      'Dealer portal',
      'Handoff',
      'MNO',
      'Tax engine',
      'Payment processor',
    ]) {
      expect(await page.locator('g.system text', { hasText: system }).count()).toBeGreaterThan(0);
    }
  });

  it('with no traffic at all, turns the MNO flow red from the probes within seconds of the MNO going down, escalates, and green again once it recovers', async () => {
    // "No traffic": no MNO call in a whole map window. The orchestrator's new group may first
    // work through activation requests earlier runs left on the shared topic; wait until it is idle.
    const mnoCallsSince = async (since: Date) =>
      (
        await db.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM audit_ledger
            WHERE kind = 'vendor-call' AND integration_point = 'handoff-to-mno' AND occurred_at >= $1`,
          [since],
        )
      )[0].n;
    await waitFor(
      'no MNO call for a whole map window',
      async () => (await mnoCallsSince(new Date(Date.now() - 4_000))) === 0,
      90_000,
    );
    const quietSince = new Date();
    await waitForMnoState('green', 30_000);

    await stack.mno.setFaults({ endpoint: '*', outage: true });
    const down = Date.now();
    await waitForMnoState('red', 15_000);
    console.log(`MNO flow red from the probes ${Date.now() - down} ms after the outage began`);
    expect(await mnoFlow().locator('.status').innerText()).toMatch(
      /^Handoff → MNO failing: probe failed \(MNO\.[A-Z_]+\), owner Network Operations/,
    );
    // The failed probes breach the MNO's availability SLA; its chain's first level is paged at once.
    await waitFor(
      'the escalation on the status line',
      async () =>
        /, escalated to Network Ops on-call engineer \d+(\.\d)? (ms|s) ago$/.test(
          await mnoFlow().locator('.status').innerText(),
        ),
      15_000,
    );

    await stack.mno.clearFaults();
    await waitForMnoState('green', 30_000);
    // Red and green again came from the probes alone.
    expect(await mnoCallsSince(quietSince)).toBe(0);
  });

  it('turns the MNO flow red within seconds of the MNO going down under traffic, and green again once it recovers', async () => {
    keepActivating();
    await waitForMnoState('green', 60_000);

    await stack.mno.setFaults({ endpoint: '*', outage: true });
    const down = Date.now();
    await waitForMnoState('red', 30_000);
    const status = await mnoFlow().locator('.status').innerText();
    expect(status).toMatch(
      /^Handoff → MNO failing: .*owner Network Operations(, escalated to .+ ago)?$/,
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'map-mno-down.png'), fullPage: true });
    console.log(`MNO flow red ${Date.now() - down} ms after the outage began`);

    await stack.mno.clearFaults();
    await waitForMnoState('green', 90_000);
    expect(await page.locator('#summary').innerText()).toMatch(/0 failing/);
  });

  it('refuses the map to a key it does not know, and asks again', async () => {
    const other = await browser.newPage();
    await other.goto(`${opsUrl}/map#key=${newApiKey('ok')}`);
    await waitFor(
      'the refusal',
      async () => (await other.locator('#error').innerText()).length > 0,
      15_000,
    );
    expect(await other.locator('#error').innerText()).toBe('That key is not known.');
    expect(await other.locator('#map').isHidden()).toBe(true);
    await other.close();
  });
});
