import { randomInt } from 'node:crypto';
import type { DeadLetter, DeadLetterOps } from '@handoff/dead-letters';
import { EventTypes } from '@handoff/contracts';
import { groupTopics, Topics, type Backbone, type IncomingRecord } from '@handoff/messaging';
import { TopicTap } from '../../support/backbone-harness';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
  type TestDealer,
} from '../gateway/gateway-harness';
import { opsTooling } from '../ops/ops-harness';

const RETRY_DELAYS_MS = [200, 400];
const LONG_TTL_MS = 10 * 60_000;
const SHORT_TTL_MS = 3_000;
const operator = { operatorId: 'alice' };
/** The MNO answers its order search with garbage: a permanent failure before any order exists. */
const BROKEN_SEARCH = { endpoint: 'listOrders', malformedRate: 1, malformedKind: 'invalidJson' };

describe('port-in secrets behind a claim check (gateway, orchestrator, ops replay, MNO simulator)', () => {
  let stack: SagaStack;
  let long: { gateway: RunningGateway; close(): Promise<void> };
  let short: { gateway: RunningGateway; close(): Promise<void> };
  let dealer: TestDealer;
  let ops: DeadLetterOps;
  let opsBackbone: Backbone;
  const taps: TopicTap[] = [];
  let deadLetters: TopicTap;
  let lifecycle: TopicTap;

  beforeAll(async () => {
    stack = await startSagaStack(RETRY_DELAYS_MS, 1_000, {
      ttlMs: LONG_TTL_MS,
      sweepIntervalMs: 300,
    });
    long = await gatewayWithTtl(LONG_TTL_MS);
    short = await gatewayWithTtl(SHORT_TTL_MS);
    dealer = await newDealer(stack.db, 'port-in');
    ({ ops, backbone: opsBackbone } = opsTooling(stack.db));
    const topics = groupTopics(stack.groupId, RETRY_DELAYS_MS);
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
    deadLetters = await TopicTap.open(topics.deadLetter);
    taps.push(
      lifecycle,
      deadLetters,
      ...(await Promise.all(topics.retry.map((t) => TopicTap.open(t.name)))),
    );
  });

  afterAll(async () => {
    await Promise.all(taps.map((t) => t.close()));
    await opsBackbone?.close();
    await short?.close();
    await long?.close();
    await stack?.close();
  });

  async function gatewayWithTtl(portInSecretTtlMs: number) {
    const { gateway, db } = await startTestGateway({ portInSecretTtlMs });
    return { gateway, close: async () => (await gateway.close(), await db.destroy()) };
  }

  /** A dealer's port-in with a PIN and account number no other record holds. */
  async function portIn(gateway: RunningGateway) {
    const secrets = { pin: `P${randomInt(1e9)}`, accountNumber: `ACCT${randomInt(1e9)}` };
    const body = activationBody({
      msisdn: `+1415${String(randomInt(1e7)).padStart(7, '0')}`,
      portIn: { donorOperator: 'Acme Mobile', ...secrets },
    });
    const answer = await fetch(`${gateway.url}/v1/activations`, {
      method: 'POST',
      headers: { ...dealer.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(202);
    const { activationId, subscriberId } = (await answer.json()) as {
      activationId: string;
      subscriberId: string;
    };
    return { activationId, subscriberId, secrets };
  }

  const holds = (r: IncomingRecord, secret: string) => r.value?.includes(secret) ?? false;

  async function deadLetterOf(activationId: string, code: string): Promise<DeadLetter> {
    let found: DeadLetter | undefined;
    await waitFor(`a dead letter ${code} for ${activationId}`, async () => {
      const { items } = await ops.list({ group: stack.groupId });
      for (const item of items.filter((d) => d.error.code === code)) {
        const detail = await ops.show(item.ref);
        const data = (detail.payload as { data?: { activationId?: string } }).data;
        if (data?.activationId === activationId) found = item;
      }
      return found !== undefined;
    });
    return found!;
  }

  const secretRows = async (activationId: string) =>
    (
      await stack.db.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM port_in_secrets WHERE activation_id = $1',
        [activationId],
      )
    )[0].n;

  async function activation(activationId: string) {
    const [row] = await stack.db.query<
      { state: string; reason_code: string | null; request: unknown }[]
    >('SELECT state, reason_code, request FROM activations WHERE activation_id = $1', [
      activationId,
    ]);
    return row;
  }

  it('keeps the PIN and account number out of every record and row, and a replay within the window ports the number', async () => {
    await stack.mno.setFaults(BROKEN_SEARCH);
    const { activationId, secrets } = await portIn(long.gateway);
    const deadLetter = await deadLetterOf(activationId, 'MNO.MALFORMED_RESPONSE');

    // The request, its retries and its dead letter carry the claim check, never the secrets.
    for (const secret of [secrets.pin, secrets.accountNumber]) {
      for (const tap of taps) expect(tap.records.filter((r) => holds(r, secret))).toEqual([]);
      expect(JSON.stringify((await activation(activationId)).request)).not.toContain(secret);
    }
    const shown = (await ops.show(deadLetter.ref)).payload as {
      data: { portIn: Record<string, unknown> };
    };
    expect(shown.data.portIn).toEqual({
      donorOperator: 'Acme Mobile',
      accountNumber: null,
      pin: null,
      secretsRef: expect.stringMatching(/^pis-[0-9a-f-]{36}$/),
    });
    expect(await secretRows(activationId)).toBe(1);

    await stack.mno.clearFaults();
    const report = await ops.replay({
      refs: [deadLetter.ref],
      reason: 'MNO search fixed',
      operator,
    });
    expect(report.results[0]).toMatchObject({ outcome: 'replayed' });
    await waitFor('the ported line active', async () => {
      return (await activation(activationId)).state === 'completed';
    });
    // The MNO got the secrets from the store; once the port is done, the store forgets them.
    const orders = await stack.mno.ordersFor(activationId);
    expect(JSON.stringify(orders)).toContain(secrets.pin);
    expect(await secretRows(activationId)).toBe(0);
  });

  it('fails a replay after the window with PORT_IN.SECRETS_EXPIRED: an ActivationFailed and a new dead letter saying why', async () => {
    await stack.mno.setFaults(BROKEN_SEARCH);
    const { activationId, subscriberId } = await portIn(short.gateway);
    const deadLetter = await deadLetterOf(activationId, 'MNO.MALFORMED_RESPONSE');
    await stack.mno.clearFaults();
    // Past its expiry the orchestrator's sweep deletes the row.
    await waitFor('the secrets swept', async () => (await secretRows(activationId)) === 0, 20_000);

    const report = await ops.replay({ refs: [deadLetter.ref], reason: 'too late', operator });
    expect(report.results[0]).toMatchObject({ outcome: 'replayed' });
    const again = await deadLetterOf(activationId, 'PORT_IN.SECRETS_EXPIRED');
    expect(again.error).toMatchObject({ errorClass: 'permanent', stage: 'validate' });
    expect(again.error.message).toContain('PORT_IN_SECRET_TTL_MS');
    expect(again.owner.integrationPoint).toBe('dealer-portal-to-handoff');
    expect(again.replayOf).toMatchObject({ replayedBy: 'alice' });

    expect(await activation(activationId)).toMatchObject({
      state: 'failed',
      reason_code: 'PORT_IN.SECRETS_EXPIRED',
    });
    await waitFor('ActivationFailed', () =>
      lifecycle.records.some(
        (r) => r.key === subscriberId && r.headers.ce_type === EventTypes.ActivationFailed,
      ),
    );
    expect(await stack.mno.ordersFor(activationId)).toEqual([]);
  });
});
