import {
  startAuditLedger,
  type RunningAuditLedger,
} from '../../../apps/audit-ledger/src/start-audit-ledger';
import { startGateway, type RunningGateway } from '../../../apps/gateway/src/start-gateway';
import type { INestMicroservice } from '@nestjs/common';
import { HealthHttpServer } from '@handoff/health';
import { loadPaymentsServiceConfig } from '../../../apps/payments/src/payments-service.config';
import { startPayments } from '../../../apps/payments/src/start-payments';
import { loadMnoConfig } from '@handoff/mno-provisioning';
import { startOrchestrator } from '../../../apps/orchestrator/src/start-orchestrator';
import { paymentsGroup } from '../../support/payments-stack';
import { TcpProxy } from '../../support/tcp-proxy';
import {
  closedPort,
  infra,
  migratedDatabase,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '../../support/test-infra';
import { ensureGroupTopics } from '../ops/ops-harness';

interface Answer {
  status: number;
  body: { status?: string; error?: Record<string, unknown> };
}

const get = async (url: string): Promise<Answer> => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
};

/** Waits until readiness answers `status`, then returns that answer. */
const readinessBecomes = (base: string, status: number, what: string) =>
  waitFor(
    what,
    async () => {
      const answer = await get(`${base}/health/ready`);
      return answer.status === status && answer;
    },
    15_000,
  );

function hostPort(address: string): { host: string; port: number } {
  const [host, port] = address.split(':');
  return { host, port: Number(port) };
}

describe('health and readiness behind cut dependencies', () => {
  let pg: TcpProxy;
  let kafka: TcpProxy;
  let db: TestDatabase;
  const saved = { db: process.env.DATABASE_URL, kafka: process.env.KAFKA_BROKERS };

  beforeAll(async () => {
    // A database of this file's own: the ledger records whatever is on the shared topics.
    db = await migratedDatabase('health');
    const dbUrl = new URL(db.scratch.url);
    pg = await TcpProxy.start({ host: dbUrl.hostname, port: Number(dbUrl.port) });
    kafka = await TcpProxy.start(hostPort(infra.kafka.brokers[0]));
    dbUrl.host = pg.address;
    // Only this file's services read these: the shared broker and database stay up throughout.
    process.env.DATABASE_URL = dbUrl.toString();
    process.env.KAFKA_BROKERS = kafka.address;
  });

  afterAll(async () => {
    process.env.DATABASE_URL = saved.db;
    process.env.KAFKA_BROKERS = saved.kafka;
    await pg?.close();
    await kafka?.close();
    await db?.close();
  });

  async function cutAndRestore(base: string): Promise<void> {
    expect((await readinessBecomes(base, 200, 'ready at first')).body.status).toBe('ok');

    pg.cut();
    const noDatabase = await readinessBecomes(base, 503, 'not ready without PostgreSQL');
    expect(Object.keys(noDatabase.body.error ?? {})).toEqual(['database']);
    expect((await get(`${base}/health/live`)).status).toBe(200);
    pg.restore();
    await readinessBecomes(base, 200, 'ready again with PostgreSQL');

    kafka.cut();
    const noKafka = await readinessBecomes(base, 503, 'not ready without Kafka');
    expect(Object.keys(noKafka.body.error ?? {})).toEqual(['kafka']);
    expect((await get(`${base}/health/live`)).status).toBe(200);
    kafka.restore();
    await readinessBecomes(base, 200, 'ready again with Kafka');
  }

  describe('a consumer service on its small health port (the audit ledger)', () => {
    let ledger: RunningAuditLedger;

    beforeAll(async () => {
      const groupId = uniqueName('health-ledger');
      await ensureGroupTopics(groupId, [200]);
      ledger = await startAuditLedger({ groupId, retryDelaysMs: [200] });
    });

    afterAll(() => ledger?.close());

    it('turns not ready while PostgreSQL or Kafka is cut off, and ready again after, staying live', async () => {
      await cutAndRestore(`http://127.0.0.1:${ledger.healthPort}`);
    });

    it('names its running consumer group in the readiness report', async () => {
      const ready = await get(`http://127.0.0.1:${ledger.healthPort}/health/ready`);
      expect(ready.body).toMatchObject({ details: { consumerGroups: { status: 'up' } } });
    });
  });

  describe('a consumer service with a dunning runner (payments)', () => {
    let payments: INestMicroservice;

    beforeAll(async () => {
      const retryDelaysMs = [200];
      const groupId = await paymentsGroup(retryDelaysMs);
      const config = loadPaymentsServiceConfig({});
      payments = await startPayments({ ...config, groupId, retryDelaysMs, health: undefined });
    });

    afterAll(() => payments?.close());

    it('turns not ready while PostgreSQL or Kafka is cut off, and ready again after, staying live', async () => {
      await cutAndRestore(`http://127.0.0.1:${payments.get(HealthHttpServer).port}`);
    });
  });

  describe('the orchestrator, on its MNO hub port', () => {
    let orchestrator: INestMicroservice;
    let port: number;

    beforeAll(async () => {
      const retryDelaysMs = [200];
      const groupId = uniqueName('health-orchestrator');
      await ensureGroupTopics(groupId, retryDelaysMs);
      port = await closedPort();
      // No MNO: its hub registration is retried in the background, which readiness ignores.
      const mno = `http://127.0.0.1:${await closedPort()}/tmf-api/serviceOrdering/v4`;
      orchestrator = await startOrchestrator({
        groupId,
        retryDelaysMs,
        http: { port, host: '127.0.0.1' },
        mno: loadMnoConfig({ MNO_BASE_URL: mno }),
        logLevel: 'silent',
      });
    });

    afterAll(() => orchestrator?.close());

    it('turns not ready while PostgreSQL or Kafka is cut off, and ready again after, staying live', async () => {
      await cutAndRestore(`http://127.0.0.1:${port}`);
    });
  });

  describe('an HTTP service (the gateway)', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({ port: 0, logLevel: 'silent' });
    });

    afterAll(() => gateway?.close());

    it('turns not ready while PostgreSQL or Kafka is cut off, and ready again after, staying live', async () => {
      await cutAndRestore(gateway.url);
    });

    it('still answers its older database-only /health', async () => {
      expect((await get(`${gateway.url}/health`)).status).toBe(200);
    });
  });
});
