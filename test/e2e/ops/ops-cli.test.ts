import { ActivationRepository } from '@handoff/activation-saga';
import { recordLedger } from '@handoff/audit';
import type { ActivationRequested } from '@handoff/contracts';
import { DeadLetterHeaders } from '@handoff/messaging';
import { freshTopics, produceRaw } from '../../support/backbone-harness';
import { ACTIVATION_REQUESTED, samplePayload } from '../../support/samples';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';
import { cardDataDeadLetter, orchestratorDeadLetter, runOpsCli } from './ops-harness';

describe('ops CLI', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let topics: Awaited<ReturnType<typeof freshTopics>>;
  const keys = { ops: '', viewer: '' };
  const ref = () => `${topics.deadLetter}/0/0`;
  const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

  beforeAll(async () => {
    db = await migratedDatabase('ops_cli');
    env = { DATABASE_URL: db.scratch.url, LOG_LEVEL: 'error' };
    topics = await freshTopics('ops-cli', [200], 1);
    await produceRaw(topics.deadLetter, [
      {
        key: 'garbage-2',
        value: Buffer.from('garbage'),
        headers: {
          [DeadLetterHeaders.originalTopic]: topics.source,
          [DeadLetterHeaders.originalConsumerGroup]: topics.groupId,
          [DeadLetterHeaders.errorClass]: 'permanent',
          [DeadLetterHeaders.errorCode]: 'MESSAGING.NOT_AVRO',
          [DeadLetterHeaders.ownerTeam]: 'billing-ops',
          [DeadLetterHeaders.integrationPoint]: 'bss-to-handoff',
        },
      },
    ]);
    await orchestratorDeadLetter(db.dataSource, topics.deadLetter);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('bootstraps the first operator without a key, then needs an ops key to add more', async () => {
    const first = await runOpsCli(
      ['operators', 'add', '--id', 'olga', '--name', 'Olga', '--role', 'ops'],
      env,
    );
    expect(first.code).toBe(0);
    keys.ops = lastLine(first.stdout);
    expect(keys.ops).toMatch(/^ok_/);

    const refused = await runOpsCli(
      ['operators', 'add', '--id', 'vic', '--name', 'Vic', '--role', 'viewer'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/operator key is required/);

    const second = await runOpsCli(
      [
        'operators',
        'add',
        '--id',
        'vic',
        '--name',
        'Vic',
        '--role',
        'viewer',
        '--api-key',
        keys.ops,
      ],
      env,
    );
    expect(second.code).toBe(0);
    keys.viewer = lastLine(second.stdout);
  });

  it('lets someone with the database credentials but no key bootstrap an operator, in the ledger', async () => {
    const recovered = await runOpsCli(
      ['operators', 'add', '--id', 'rita', '--name', 'Rita', '--role', 'ops', '--bootstrap'],
      env,
    );
    expect(recovered.code).toBe(0);
    expect(recovered.stderr).toMatch(/bootstrap: acting as database user \S+, not as an operator/);
    const ritaKey = lastLine(recovered.stdout);
    const list = await runOpsCli(['dead-letters', 'list', '--group', topics.groupId, '--json'], {
      ...env,
      HANDOFF_OPERATOR_KEY: ritaKey,
    });
    expect(list.code).toBe(0);

    const issued = await db.dataSource.query<{ actor: string; outcome: string; who: string }[]>(
      `SELECT actor, outcome, summary->>'operatorId' AS who FROM audit_ledger
        WHERE kind = 'operator-key' ORDER BY id`,
    );
    expect(issued).toEqual([
      { who: 'olga', outcome: 'issued', actor: expect.stringMatching(/^database:\S+ \(os user /) },
      { who: 'vic', outcome: 'issued', actor: 'operator:olga' },
      { who: 'rita', outcome: 'bootstrapped', actor: expect.stringMatching(/^database:/) },
    ]);
  });

  it('lists dead letters as JSON and as a table', async () => {
    const json = await runOpsCli(['dead-letters', 'list', '--group', topics.groupId, '--json'], {
      ...env,
      HANDOFF_OPERATOR_KEY: keys.viewer,
    });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ count: 1, deadLetters: [{ id: ref() }] });

    const table = await runOpsCli(
      ['dead-letters', 'list', '--group', topics.groupId, '--api-key', keys.viewer],
      env,
    );
    expect(table.stdout).toMatch(/REF\s+GROUP\s+EVENT/);
    expect(table.stdout).toContain('MESSAGING.NOT_AVRO');
  });

  it('refuses replay to a viewer and explains a dry run to an ops operator', async () => {
    const viewer = await runOpsCli(
      ['dead-letters', 'replay', '--ref', ref(), '--reason', 'x', '--api-key', keys.viewer],
      env,
    );
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/needs the ops role/);

    const dry = await runOpsCli(
      [
        'dead-letters',
        'replay',
        '--ref',
        ref(),
        '--reason',
        'x',
        '--dry-run',
        '--api-key',
        keys.ops,
      ],
      env,
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/passes validation: no/);
    expect(dry.stdout).toMatch(/dry run, nothing changed/);
  });

  it('names, in a dry run, the vendor calls the saga would make for a dead-lettered activation', async () => {
    const run = await runOpsCli(
      [
        'dead-letters',
        'replay',
        '--ref',
        `${topics.deadLetter}/0/1`,
        '--reason',
        'look',
        '--dry-run',
      ],
      { ...env, HANDOFF_OPERATOR_KEY: keys.ops },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/passes validation: yes/);
    expect(run.stdout).toMatch(/validation\s+tax-engine geocode: /);
    expect(run.stdout).toMatch(/paymentAuthorization\s+payment-processor createIntent: /);
    expect(run.stdout).toMatch(/paymentCapture\s+payment-processor captureIntent: /);
    expect(run.stdout).toMatch(/taxCommit\s+tax-engine commit: /);
    expect(run.stdout).toMatch(/would go to: handoff\.orchestrator\.retry-1/);
  });

  it('will not discard without a reason', async () => {
    const run = await runOpsCli(
      ['dead-letters', 'discard', '--ref', ref(), '--api-key', keys.ops],
      env,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--reason/);
  });

  it("refuses, even forced, to discard the saga's dead letter while its activation still holds the customer's money", async () => {
    const request = {
      ...samplePayload(ACTIVATION_REQUESTED),
      activationId: 'act-held-money',
      subjectId: 'sub-dry-run',
      subscriberId: 'sub-dry-run',
    } as unknown as ActivationRequested;
    const activations = new ActivationRepository();
    await db.dataSource.transaction(async (tx) => {
      await activations.acknowledge(tx, request, { correlationId: 'c-held', ownerTeam: null });
      await activations.update(tx, 'act-held-money', {
        state: 'inProgress',
        step: 'provisioning',
        money: {
          taxDocumentCode: 'ACT-act-held-money',
          amountMinor: 8_211,
          currency: 'USD',
          paymentIntentId: 'pi_held',
          paymentStatus: 'authorized',
        },
      });
    });
    const discard = (...extra: string[]) =>
      runOpsCli(
        [
          'dead-letters',
          'discard',
          '--ref',
          `${topics.deadLetter}/0/1`,
          '--reason',
          'stuck',
          ...extra,
        ],
        { ...env, HANDOFF_OPERATOR_KEY: keys.ops },
      );

    for (const run of [await discard(), await discard('--force')]) {
      expect(run.code).toBe(1);
      expect(run.stdout.trim()).toBe(
        `${topics.deadLetter}/0/1  refused: activation act-held-money still holds payment pi_held ` +
          '(USD 82.11) and tax document ACT-act-held-money, which a discard would leave behind. ' +
          'Replay this dead letter once the cause is fixed: the saga then captures, or voids both ' +
          'if the activation fails',
      );
    }
    expect(
      await db.dataSource.query(`SELECT 1 FROM dead_letter_actions WHERE action = 'discard'`),
    ).toEqual([]);

    // Once the saga has settled the money, the same discard goes through.
    await db.dataSource.transaction((tx) =>
      activations.update(tx, 'act-held-money', { money: { paymentStatus: 'voided' } }),
    );
    const done = await discard();
    expect(done.stdout).toContain('discarded');
    expect(done.code).toBe(0);
  });

  it('prints a trace in order', async () => {
    await recordLedger(db.dataSource, [
      {
        occurredAt: new Date(2_000),
        correlationId: 'c-cli',
        kind: 'vendor-call',
        actor: 'handoff/orchestrator',
        integrationPoint: 'handoff-to-mno',
        ownerTeam: 'network-ops',
        outcome: 'ok',
      },
      {
        occurredAt: new Date(1_000),
        correlationId: 'c-cli',
        kind: 'http-request',
        actor: 'handoff/gateway',
        integrationPoint: 'dealer-portal-to-handoff',
        ownerTeam: 'dealer-ops',
        outcome: 'ok',
      },
    ]);
    const run = await runOpsCli(['trace', 'c-cli', '--api-key', keys.viewer], env);
    expect(run.code).toBe(0);
    expect(run.stdout.indexOf('http-request')).toBeLessThan(run.stdout.indexOf('vendor-call'));
    expect(run.stdout).toContain('Network Operations');
  });

  it('filters the list by error code, combined with the other filters, any code accepted', async () => {
    await cardDataDeadLetter(topics);
    const list = async (...filters: string[]) => {
      const run = await runOpsCli(
        ['dead-letters', 'list', '--group', topics.groupId, ...filters, '--json'],
        { ...env, HANDOFF_OPERATOR_KEY: keys.viewer },
      );
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { count: number; deadLetters: { id: string }[] };
    };
    const refused = await list('--code', 'CARD_DATA_REFUSED');
    expect(refused.deadLetters.map((d) => d.id)).toEqual([`${topics.deadLetter}/0/2`]);
    expect((await list('--code', 'MESSAGING.NOT_AVRO')).deadLetters.map((d) => d.id)).toEqual([
      ref(),
    ]);
    expect((await list('--code', 'CARD_DATA_REFUSED', '--status', 'open')).count).toBe(1);
    expect((await list('--code', 'CARD_DATA_REFUSED', '--error-class', 'retryable')).count).toBe(0);
    expect((await list('--code', 'NO.SUCH_CODE')).count).toBe(0);

    const help = await runOpsCli(['dead-letters', 'list', '--help'], env);
    expect(help.stdout).toMatch(/--code <code>\s+error code, matched exactly/);
  });
});
