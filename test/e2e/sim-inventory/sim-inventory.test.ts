import {
  EventTypes,
  type LifecycleRequestRejected,
  type SimImsiMismatchDetected,
} from '@handoff/contracts';
import { Topics, type Backbone } from '@handoff/messaging';
import { simReported } from '@handoff/sim-inventory';
import type { DataSource } from 'typeorm';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import { bssDeactivation, bssSimSwap } from '../../support/lifecycle-requests';
import type { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { sagaSuite } from '../../support/saga-stack';
import { newImsi, shipBatch, simInState, simRow, type TestSim } from '../../support/sim-inventory';
import { waitFor } from '../../support/test-infra';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
} from '../gateway/gateway-harness';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

const sim = (over: Partial<TestSim> = {}): TestSim => ({
  iccid: newIccid(),
  imsi: newImsi(),
  shippedToDealer: null,
  shippedToOrder: `web-${Math.floor(Math.random() * 1e9)}`,
  ...over,
});

describe('SIM inventory checks on activation (SIM_INVENTORY_CHECKS=on; real Kafka, PostgreSQL, HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000, { simInventory: { checks: true } });
  let mno: MnoSimulatorAdmin;
  let db: DataSource;
  let bss: Backbone;
  let fulfilment: TopicTap;

  beforeAll(async () => {
    ({ mno, db, bss } = suite.stack);
    fulfilment = await TopicTap.open(Topics.Fulfilment, { fromNow: true });
  });
  afterAll(() => fulfilment?.close());
  afterEach(() => mno.clearSimFaults());

  const activation = async (activationId: string) => {
    const rows = await db.query<{ state: string; reason_code: string; owner_team: string }[]>(
      'SELECT state, reason_code, owner_team FROM activations WHERE activation_id = $1',
      [activationId],
    );
    return rows[0];
  };
  const settled = (activationId: string) =>
    waitFor(
      'the activation to settle',
      async () => {
        const row = await activation(activationId);
        return row && ['completed', 'rejected', 'failed'].includes(row.state) ? row : undefined;
      },
      30_000,
    );
  /** A BSS activation of the ICCID, once it settled. */
  const activate = async (iccid: string) => {
    const request = bssActivation(iccid);
    await bss.publishNow([request]);
    return { request, row: await settled(request.data.activationId) };
  };
  const rejectedAs = (code: string) => ({
    state: 'rejected',
    reason_code: code,
    owner_team: 'fulfilment',
  });

  it('rejects an ICCID the inventory does not hold with SIM.UNKNOWN, owned by fulfilment, nothing ordered at the MNO', async () => {
    const iccid = newIccid();
    const { row } = await activate(iccid);
    expect(row).toEqual(rejectedAs('SIM.UNKNOWN'));
    expect(await mno.provisioned(iccid)).toHaveLength(0);
  });

  it('rejects a SIM already active with SIM.ALREADY_ACTIVE', async () => {
    const known = sim();
    await shipBatch(bss, db, [known]);
    expect((await activate(known.iccid)).row).toMatchObject({ state: 'completed' });
    await simInState(db, known.iccid, 'active');

    expect((await activate(known.iccid)).row).toEqual(rejectedAs('SIM.ALREADY_ACTIVE'));
    expect(await mno.provisioned(known.iccid)).toHaveLength(1);
  });

  it('rejects a SIM the partner reported lost with SIM.REPORTED_LOST', async () => {
    const lost = sim();
    await shipBatch(bss, db, [lost]);
    await bss.publishNow([simReported(EventTypes.SimReportedLost, lost.iccid, 'dealer-x')]);
    await simInState(db, lost.iccid, 'lost');

    expect((await activate(lost.iccid)).row).toEqual(rejectedAs('SIM.REPORTED_LOST'));
    expect(await mno.provisioned(lost.iccid)).toHaveLength(0);
  });

  it('rejects a SIM returned to the partner with SIM.RETURNED', async () => {
    const returned = sim();
    await shipBatch(bss, db, [returned]);
    await bss.publishNow([simReported(EventTypes.SimReturned, returned.iccid, 'warehouse')]);
    await simInState(db, returned.iccid, 'returned');

    expect((await activate(returned.iccid)).row).toEqual(rejectedAs('SIM.RETURNED'));
  });

  describe('a dealer over the gateway', () => {
    let gateway: RunningGateway | undefined;
    let gatewayDb: DataSource | undefined;
    afterAll(async () => {
      await gateway?.close();
      await gatewayDb?.destroy();
    });

    it('activates a SIM shipped to it, and is refused one shipped to another dealer with SIM.NOT_SHIPPED_TO_DEALER owned by fulfilment', async () => {
      const started = await startTestGateway();
      ({ gateway, db: gatewayDb } = started);
      const mine = await newDealer(started.db, 'sims-mine');
      const other = await newDealer(started.db, 'sims-other');
      const ours = sim({ shippedToDealer: mine.dealerId, shippedToOrder: null });
      const theirs = sim({ shippedToDealer: other.dealerId, shippedToOrder: null });
      await shipBatch(bss, db, [ours, theirs]);

      const ask = async (iccid: string) => {
        const accepted = await fetch(`${gateway!.url}/v1/activations`, {
          method: 'POST',
          headers: { ...mine.auth, 'content-type': 'application/json' },
          body: JSON.stringify(activationBody({ iccid })),
        });
        expect(accepted.status).toBe(202);
        const location = accepted.headers.get('location')!;
        return waitFor(
          'the dealer activation to settle',
          async () => {
            const view = (await (
              await fetch(`${gateway!.url}${location}`, { headers: mine.auth })
            ).json()) as { state: string; reason?: { code: string; ownerTeam: string } };
            return ['completed', 'rejected'].includes(view.state) ? view : undefined;
          },
          30_000,
        );
      };

      expect(await ask(ours.iccid)).toMatchObject({ state: 'completed' });
      expect(await ask(theirs.iccid)).toMatchObject({
        state: 'rejected',
        reason: { code: 'SIM.NOT_SHIPPED_TO_DEALER', ownerTeam: 'fulfilment' },
      });
      expect(await mno.provisioned(theirs.iccid)).toHaveLength(0);
      expect((await simRow(db, theirs.iccid))?.state).toBe('shipped');
    });
  });

  it('gives the line the IMSI of the batch when the MNO holds the same batch data, and tells fulfilment nothing', async () => {
    const matching = sim();
    await shipBatch(bss, db, [matching]);
    await mno.loadSims([matching]);
    const { request, row } = await activate(matching.iccid);
    expect(row).toMatchObject({ state: 'completed' });
    const [line] = await db.query<{ imsi: string }[]>(
      'SELECT imsi FROM subscribers WHERE subscriber_id = $1',
      [request.data.subscriberId],
    );
    expect(line?.imsi).toBe(matching.imsi);
    expect(await simRow(db, matching.iccid)).toMatchObject({ state: 'active', mno_imsi: null });
    // The flag would have committed with the activation: none there, no event to fulfilment.
    const flagged = await db.query<unknown[]>(
      `SELECT 1 FROM audit_ledger l JOIN activations a ON a.correlation_id = l.correlation_id
       WHERE a.activation_id = $1 AND l.outcome = 'flagged'`,
      [request.data.activationId],
    );
    expect(flagged).toHaveLength(0);
  });

  it('completes an activation whose SIM the MNO reports under another IMSI, flags it, and tells fulfilment both IMSIs', async () => {
    const mismapped = sim();
    const reported = newImsi();
    await shipBatch(bss, db, [mismapped]);
    await mno.loadSims([mismapped]);
    await mno.misreportImsi(mismapped.iccid, reported);

    const { request, row } = await activate(mismapped.iccid);
    expect(row).toMatchObject({ state: 'completed' });
    const told = await waitFor('SimImsiMismatchDetected', () =>
      fulfilment
        .eventsKeyed(mismapped.iccid)
        .find((e) => e.type === EventTypes.SimImsiMismatchDetected),
    );
    expect(told.data as SimImsiMismatchDetected).toMatchObject({
      iccid: mismapped.iccid,
      inventoryImsi: mismapped.imsi,
      mnoImsi: reported,
      subscriberId: request.data.subscriberId,
      activationId: request.data.activationId,
    });
    expect(told.integrationPoint).toBe('fulfilment-to-handoff');
    expect(await simRow(db, mismapped.iccid)).toMatchObject({
      state: 'active',
      mno_imsi: reported,
    });
    const flagged = await db.query<{ owner_team: string }[]>(
      `SELECT owner_team FROM audit_ledger WHERE correlation_id = $1 AND outcome = 'flagged'`,
      [told.correlationId],
    );
    expect(flagged).toEqual([{ owner_team: 'fulfilment' }]);
  });

  it('moves SIMs with the line: active on activation, swapped out and in on a SIM swap, deactivated with the line', async () => {
    const first = sim();
    const second = sim();
    await shipBatch(bss, db, [first, second]);
    await mno.loadSims([first, second]);
    const { request } = await activate(first.iccid);
    const subscriberId = request.data.subscriberId!;
    await simInState(db, first.iccid, 'active');
    expect((await simRow(db, second.iccid))?.state).toBe('shipped');

    await bss.publishNow([bssSimSwap(subscriberId, first.iccid, second.iccid)]);
    await simInState(db, second.iccid, 'active');
    expect(await simRow(db, first.iccid)).toMatchObject({ state: 'swappedOut' });
    expect(await simRow(db, second.iccid)).toMatchObject({
      subscriber_id: subscriberId,
      mno_imsi: null,
    });

    await bss.publishNow([bssDeactivation(subscriberId)]);
    await simInState(db, second.iccid, 'deactivated');
    expect((await activate(first.iccid)).row).toEqual(rejectedAs('SIM.SWAPPED_OUT'));
  });

  describe('a SIM swap to a SIM the inventory refuses', () => {
    /** Handoff's answer to one lifecycle request, from the lifecycle topic. */
    const answerTo = (request: { subject: string; data: { requestId: string } }) =>
      waitFor(`the answer to ${request.data.requestId}`, () =>
        suite.lifecycle
          .eventsKeyed(request.subject)
          .find(
            (e) =>
              !e.type.endsWith('Requested') &&
              (e.data as { requestId?: string }).requestId === request.data.requestId,
          ),
      );

    it('answers each with LifecycleRequestRejected and its SIM.* reason, owned by fulfilment, nothing ordered, the line and SIMs unchanged', async () => {
      const [onLine, active, lost, returned] = [sim(), sim(), sim(), sim()];
      await shipBatch(bss, db, [onLine, active, lost, returned]);
      await mno.loadSims([onLine, active]);
      const { request } = await activate(onLine.iccid);
      const subscriberId = request.data.subscriberId!;
      expect((await activate(active.iccid)).row).toMatchObject({ state: 'completed' });
      await bss.publishNow([
        simReported(EventTypes.SimReportedLost, lost.iccid, 'dealer-x'),
        simReported(EventTypes.SimReturned, returned.iccid, 'warehouse'),
      ]);
      await simInState(db, returned.iccid, 'returned');
      await simInState(db, lost.iccid, 'lost');

      const refused: [string, string][] = [
        [newIccid(), 'SIM.UNKNOWN'],
        [active.iccid, 'SIM.ALREADY_ACTIVE'],
        [lost.iccid, 'SIM.REPORTED_LOST'],
        [returned.iccid, 'SIM.RETURNED'],
      ];
      const swaps = refused.map(([to]) => bssSimSwap(subscriberId, onLine.iccid, to));
      await bss.publishNow(swaps);

      for (const [i, swap] of swaps.entries()) {
        const answer = await answerTo(swap);
        expect(answer.type).toBe(EventTypes.LifecycleRequestRejected);
        expect((answer.data as LifecycleRequestRejected).reason.code).toBe(refused[i][1]);
        const owners = await db.query<{ owner_team: string; integration_point: string }[]>(
          `SELECT owner_team, integration_point FROM audit_ledger
            WHERE correlation_id = $1 AND kind = 'saga-step' AND outcome = 'rejected'`,
          [answer.correlationId],
        );
        expect(owners).toEqual([
          { owner_team: 'fulfilment', integration_point: 'fulfilment-to-handoff' },
        ]);
      }
      const ordered = await db.query<unknown[]>(
        `SELECT 1 FROM line_requests WHERE subscriber_id = $1 AND kind = 'simSwap'
            AND (mno_order_id IS NOT NULL OR state <> 'rejected')`,
        [subscriberId],
      );
      expect(ordered).toHaveLength(0);
      const [line] = await db.query<{ iccid: string }[]>(
        'SELECT iccid FROM subscribers WHERE subscriber_id = $1',
        [subscriberId],
      );
      expect(line?.iccid).toBe(onLine.iccid);
      expect((await simRow(db, onLine.iccid))?.state).toBe('active');
      expect((await simRow(db, active.iccid))?.state).toBe('active');
    });
  });
});
