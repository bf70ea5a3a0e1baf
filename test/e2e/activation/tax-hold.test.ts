import { randomUUID } from 'node:crypto';
import { newApiKey, registerOperator } from '@handoff/access';
import { EventTypes, type TaxJurisdictionUnresolved } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { bssActivation, chargedBssActivation, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';
import { runOpsCli } from '../ops/ops-harness';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const GUAM = 'US-GU-HAGATNA';
const HELD_FOR_TAX = 'TAX_JURISDICTION_UNRESOLVED';

interface Row {
  state: string;
  step: string;
  reason_code: string | null;
  owner_team: string | null;
  payment_intent_id: string | null;
  amount_minor: string | null;
  payment_status: string | null;
}

describe('an activation taxed nothing where tax is expected: held, then re-driven by an operator', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  let taxTopic: TopicTap;
  let api: RunningOpsApi;
  const operators = { olga: newApiKey('ok'), omar: newApiKey('ok') };
  const operatorIds = { olga: `olga-${randomUUID()}`, omar: `omar-${randomUUID()}` };

  beforeAll(async () => {
    taxTopic = await TopicTap.open(Topics.Tax, { fromNow: true });
    for (const name of ['olga', 'omar'] as const) {
      await registerOperator(suite.stack.db, {
        operatorId: operatorIds[name],
        name,
        apiKey: operators[name],
        roles: ['ops'],
      });
    }
    api = await startOpsApi({ port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    await taxTopic?.close();
  });

  // Each test holds its own activation in the uncovered place, then fixes the configuration.
  beforeEach(() => suite.stack.money.uncoverTax(GUAM));

  const row = async (activationId: string) =>
    (
      await suite.stack.db.query<Row[]>('SELECT * FROM activations WHERE activation_id = $1', [
        activationId,
      ])
    )[0];
  const unresolvedFor = (activationId: string) =>
    taxTopic
      .eventsOfType(EventTypes.TaxJurisdictionUnresolved)
      .filter((e) => (e.data as TaxJurisdictionUnresolved).orderId === activationId);
  const activatedFor = (activationId: string) =>
    suite.lifecycle
      .eventsOfType(EventTypes.SubscriberActivated)
      .filter((e) => (e.data as { activationId: string }).activationId === activationId);

  /** An activation with charges at a Guam address, waited for until it is held. */
  async function heldActivation() {
    const request = chargedBssActivation(newIccid());
    request.data.serviceAddress = {
      line1: '1 Marine Corps Dr',
      line2: null,
      city: 'Hagåtña',
      county: null,
      stateOrProvince: 'GU',
      postalCode: '96910',
      countryCode: 'US',
    };
    await suite.stack.bss.publishNow([request]);
    const { activationId, subscriberId } = request.data;
    await waitFor(`${activationId} held`, async () => (await row(activationId))?.state === 'held');
    return { activationId, subscriberId: subscriberId! };
  }

  const cli = (key: string, args: string[]) =>
    runOpsCli(['activations', 'redrive', ...args], {
      HANDOFF_OPERATOR_KEY: key,
      LOG_LEVEL: 'error',
    });

  const redriveOverHttp = (key: string | undefined, body: unknown) =>
    fetch(`${api.url}/v1/activations/redrive`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify(body),
    });

  /** Waits for the activation to complete, then reads what the vendors did about its money. */
  async function settled(activationId: string) {
    await waitFor(`SubscriberActivated of ${activationId}`, () => activatedFor(activationId)[0]);
    const state = await row(activationId);
    const effects = await suite.stack.money.paymentEffects(state.payment_intent_id!);
    const filed = await suite.stack.money.taxLedger(`ACT-${activationId}`);
    return { state, effects: effects.map((e) => `${e.kind}:${e.amount}`), filed };
  }

  it('holds it at its tax step with the reason and the tax owner, puts TaxJurisdictionUnresolved on the tax topic and authorizes nothing', async () => {
    const { activationId, subscriberId } = await heldActivation();

    const [event] = await waitFor('TaxJurisdictionUnresolved', () => {
      const found = unresolvedFor(activationId);
      return found.length > 0 && found;
    });
    expect(event.subject).toBe(subscriberId);
    expect(event.integrationPoint).toBe('handoff-to-tax-engine');
    expect(event.data).toMatchObject({
      subjectId: subscriberId,
      subscriberId,
      purpose: 'activation',
      matchedJurisdictions: 1,
      jurisdictionCode: GUAM,
      documentCode: `ACT-${activationId}`,
      charges: { amountMinor: 6_500, currency: 'USD' },
      held: true,
      reason: { code: HELD_FOR_TAX },
    });
    expect(await row(activationId)).toMatchObject({
      state: 'held',
      step: 'taxQuote',
      reason_code: HELD_FOR_TAX,
      owner_team: 'billing-ops',
      payment_intent_id: null,
    });
    const [ledger] = await suite.stack.db.query<{ outcome: string; owner_team: string }[]>(
      `SELECT outcome, owner_team FROM audit_ledger
        WHERE kind = 'saga-step' AND summary->>'step' = 'taxQuote' AND summary->>'documentCode' = $1`,
      [`ACT-${activationId}`],
    );
    expect(ledger).toEqual({ outcome: 'held', owner_team: 'billing-ops' });
    expect(await suite.stack.money.taxLedger(`ACT-${activationId}`)).toEqual([]);
  });

  it('the CLI lists it on a dry run, then re-drives it once the configuration is fixed: one document committed, one capture', async () => {
    const { activationId } = await heldActivation();

    const dry = await cli(operators.olga, [
      '--activation-id',
      activationId,
      '--reason-code',
      HELD_FOR_TAX,
      '--dry-run',
      '--reason',
      'checking',
    ]);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `${activationId} (held for ${HELD_FOR_TAX} at taxQuote)  wouldRedrive`,
    );
    expect(dry.stdout).toContain('dry run, nothing changed: 1 would be re-driven');
    expect((await row(activationId)).state).toBe('held');

    await suite.stack.money.coverTax(GUAM);
    const run = await cli(operators.olga, [
      '--activation-id',
      activationId,
      '--reason-code',
      HELD_FOR_TAX,
      '--reason',
      'TAX.CONFIG_FIXED: Guam configured in the tax engine, CHG-812',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 re-driven, 0 skipped');

    const { state, effects, filed } = await settled(activationId);
    // Out of the tax owner's hold, the activation is its intake's again (the BSS's: billing-ops).
    expect(state).toMatchObject({
      state: 'completed',
      reason_code: null,
      owner_team: 'billing-ops',
      payment_status: 'captured',
    });
    const total = Number(state.amount_minor);
    expect(total).toBeGreaterThan(6_500);
    expect(effects).toEqual([`authorization:${total}`, `capture:${total}`]);
    expect(filed).toEqual([
      expect.objectContaining({ effect: 'committed', taxAmount: total - 6_500 }),
    ]);
    const decisions = await suite.stack.db.query<{ actor: string; reason: string }[]>(
      `SELECT actor, summary->>'reason' AS reason FROM audit_ledger
        WHERE kind = 'redrive' AND summary->>'activationId' = $1`,
      [activationId],
    );
    expect(decisions).toEqual([
      {
        actor: `operator:${operatorIds.olga}`,
        reason: 'TAX.CONFIG_FIXED: Guam configured in the tax engine, CHG-812',
      },
    ]);
  });

  it('re-drives over plain HTTP with an operator key, and a second redrive changes nothing more', async () => {
    const { activationId } = await heldActivation();
    await suite.stack.money.coverTax(GUAM);
    const body = { activationIds: [activationId], reason: 'TAX.CONFIG_FIXED: CHG-813' };

    expect((await redriveOverHttp(undefined, body)).status).toBe(401);
    const first = await redriveOverHttp(operators.omar, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      sent: true,
      counts: { redriven: 1, skipped: 0 },
      results: [{ activationId, outcome: 'redriven', heldReasonCode: HELD_FOR_TAX }],
    });
    const before = await settled(activationId);
    expect(before.effects.filter((e) => e.startsWith('capture:'))).toHaveLength(1);

    const again = await redriveOverHttp(operators.omar, body);
    expect(await again.json()).toMatchObject({
      counts: { redriven: 0, skipped: 1 },
      results: [
        {
          outcome: 'skipped',
          detail: 'it has already completed, so there is nothing to re-drive',
        },
      ],
    });
    const byCli = await cli(operators.olga, ['--activation-id', activationId, '--reason', 'again']);
    expect(byCli.code).toBe(1);
    expect(byCli.stdout).toBe(
      `${activationId} was not re-driven: it has already completed, so there is nothing to re-drive\n` +
        '0 re-driven, 1 skipped, 0 not found\n',
    );

    const after = await settled(activationId);
    expect(after.effects).toEqual(before.effects);
    expect(after.filed).toEqual(before.filed);
    expect(activatedFor(activationId)).toHaveLength(1);
  });

  it('two operators re-driving at once re-drive the hold once', async () => {
    const { activationId } = await heldActivation();
    await suite.stack.money.coverTax(GUAM);
    const args = ['--activation-id', activationId, '--reason', 'TAX.CONFIG_FIXED: CHG-814'];

    const runs = await Promise.all([cli(operators.olga, args), cli(operators.omar, args)]);
    const outcomes = runs.map((r) => (r.stdout.includes('1 re-driven') ? 'redriven' : 'skipped'));
    expect(outcomes.sort()).toEqual(['redriven', 'skipped']);
    // The loser waited for the winner's row lock and says, in words, why it sent nothing.
    const loser = runs.find((r) => !r.stdout.includes('1 re-driven'))!;
    expect(loser.stdout).toMatch(
      new RegExp(
        `^${activationId} was not re-driven: (it is not held but in progress at step \\w+ ` +
          '\\(another operator or an earlier run re-drove it already\\)|it has already completed), ' +
          'so there is nothing to re-drive\n',
      ),
    );

    const { effects, filed } = await settled(activationId);
    expect(effects.filter((e) => e.startsWith('capture:'))).toHaveLength(1);
    expect(filed.map((e) => e.effect)).toEqual(['committed']);
    const [{ n }] = await suite.stack.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_ledger WHERE kind = 'redrive' AND summary->>'activationId' = $1`,
      [activationId],
    );
    expect(n).toBe(1);
  });

  it('holds it again, once, when the quote is still zero after a redrive', async () => {
    const { activationId, subscriberId } = await heldActivation();
    const redrive = await redriveOverHttp(operators.omar, {
      activationIds: [activationId],
      reason: 'configuration not fixed yet',
    });
    expect(redrive.status).toBe(200);
    await waitFor('held again', () => unresolvedFor(activationId).length === 2);
    expect(await row(activationId)).toMatchObject({ state: 'held', reason_code: HELD_FOR_TAX });

    // A sentinel behind it on the same key: once its rejection is out, nothing else is coming.
    const sentinel = bssActivation(newIccid(), { subscriberId });
    await suite.stack.bss.publishNow([sentinel]);
    await waitFor('the sentinel rejected', () =>
      suite.lifecycle
        .eventsOfType(EventTypes.ActivationRejected)
        .find(
          (e) => (e.data as { activationId: string }).activationId === sentinel.data.activationId,
        ),
    );
    expect(unresolvedFor(activationId)).toHaveLength(2);
    expect((await row(activationId)).payment_intent_id).toBeNull();
  });

  it('refuses a redrive without a reason, clearly, on the CLI and over HTTP', async () => {
    const run = await cli(operators.olga, ['--activation-id', 'act-x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("required option '--reason <text>' not specified");

    const unnamed = await cli(operators.olga, ['--reason', 'sweep']);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('name what to re-drive');

    const answer = await redriveOverHttp(operators.omar, { activationIds: ['act-x'] });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain('reason');
  });
});
