import { randomUUID } from 'node:crypto';
import { EventTypes } from '@handoff/contracts';
import { probeKafka } from '@handoff/devstack';
import { connectTopicAdmin, Topics, type Backbone } from '@handoff/messaging';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { freshTopics, testBackbone, TopicTap } from '../../support/backbone-harness';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { activationRequested } from '../../support/samples';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import { MnoLikeGroup, runOpsCli, testOwnership } from '../ops/ops-harness';
import { startSaslSslBroker, type SaslSslBroker } from './sasl-ssl-broker';

const DELAYS = [200];

describe('services against a broker with only a SASL_SSL listener (TLS + SCRAM-SHA-512)', () => {
  let broker: SaslSslBroker;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    broker = await startSaslSslBroker();
    // In-process services read KAFKA_* from the environment at start-up, as deployed ones do.
    for (const [name, value] of Object.entries(broker.env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await broker?.stop();
  });

  it('refuses a plaintext client, and a wrong password fails at once with the broker saying why', async () => {
    await expect(
      probeKafka({ brokers: broker.kafka.brokers, protocol: 'PLAINTEXT' }, 2_000),
    ).rejects.toThrow();

    const started = Date.now();
    const wrong = {
      ...broker.kafka,
      sasl: { ...broker.kafka.sasl!, password: 'not-the-password' },
    };
    await expect(connectTopicAdmin(wrong)).rejects.toThrow(
      /SASL SCRAM SHA512 authentication failed.*invalid credentials/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);

    await expect(
      probeKafka({ ...wrong, sasl: { ...wrong.sasl, mechanism: 'plain' } }),
    ).rejects.toThrow(/SASL PLAIN authentication failed/);
    await expect(
      probeKafka({ ...broker.kafka, sasl: { ...broker.kafka.sasl!, mechanism: 'plain' } }),
    ).resolves.toBe(true);
  });

  describe('an activation end to end', () => {
    let stack: SagaStack;
    let lifecycle: TopicTap;

    beforeAll(async () => {
      stack = await startSagaStack([200, 400], 1_000, undefined, broker.kafka);
      lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { kafka: broker.kafka });
    });

    afterAll(async () => {
      await lifecycle?.close();
      await stack?.close();
    });

    it('provisions a BSS activation at the MNO and announces SubscriberActivated, all over SASL_SSL', async () => {
      const iccid = newIccid();
      const request = bssActivation(iccid);
      const subscriberId = request.data.subscriberId!;
      await stack.bss.publishNow([request]);

      const types = () =>
        lifecycle.records.filter((r) => r.key === subscriberId).map((r) => r.headers.ce_type);
      // The broker is new: its group and transaction coordinators load first (slow on a busy machine).
      await waitFor(
        'SubscriberActivated',
        () => types().includes(EventTypes.SubscriberActivated),
        90_000,
      );
      expect(types()[0]).toBe(EventTypes.ActivationRequested);
      expect(await stack.mno.provisioned(iccid)).toHaveLength(1);
    });
  });

  describe('an ops dead-letter replay', () => {
    let db: TestDatabase;
    let services: Backbone;
    let failing: MnoLikeGroup;
    let deadLetters: TopicTap;
    let env: Record<string, string>;
    let source: string;

    beforeAll(async () => {
      db = await migratedDatabase('sasl_ssl_ops');
      const topics = await freshTopics('sasl-ops', DELAYS, 1, broker.kafka);
      source = topics.source;
      failing = new MnoLikeGroup(topics.groupId);
      services = testBackbone(db.dataSource, { ownership: testOwnership, kafka: broker.kafka });
      await services
        .consumerGroup({
          groupId: failing.groupId,
          topics: [topics.source],
          retryDelaysMs: DELAYS,
          handler: failing.handler,
        })
        .start();
      deadLetters = await TopicTap.open(topics.deadLetter, { kafka: broker.kafka });
      env = { ...broker.env, DATABASE_URL: db.scratch.url, LOG_LEVEL: 'error' };
    });

    afterAll(async () => {
      await deadLetters?.close();
      await services?.close();
      await db?.close();
    });

    it('lists and replays it with the ops CLI in its own process; the fixed consumer applies it once', async () => {
      const event = services.stamper.stamp(activationRequested(source, `sub-${randomUUID()}`));
      await services.producer.send([event]);
      await waitFor('the dead letter', () => deadLetters.records.length === 1);
      const ref = `${deadLetters.records[0].topic}/0/${deadLetters.records[0].offset}`;

      const operator = await runOpsCli(
        ['operators', 'add', '--id', 'sasl', '--name', 'S', '--role', 'ops'],
        env,
      );
      expect(operator.code).toBe(0);
      const apiKey = operator.stdout.trim().split('\n').pop()!;

      const listed = await runOpsCli(
        ['dead-letters', 'list', '--group', failing.groupId, '--json', '--api-key', apiKey],
        env,
      );
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject({ count: 1, deadLetters: [{ id: ref }] });

      failing.broken = false;
      const replay = await runOpsCli(
        [
          'dead-letters',
          'replay',
          '--ref',
          ref,
          '--reason',
          'VENDOR.RECOVERED: SASL_SSL',
          '--api-key',
          apiKey,
        ],
        env,
      );
      expect(replay.code).toBe(0);
      const eventId = event.headers.ce_id;
      await waitFor('the replay applied', () => failing.timesApplied(eventId) === 1);

      const refused = await runOpsCli(
        ['dead-letters', 'list', '--group', failing.groupId, '--api-key', apiKey],
        {
          ...env,
          KAFKA_SASL_PASSWORD: 'not-the-password',
        },
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/authentication failed/);
    });
  });
});
