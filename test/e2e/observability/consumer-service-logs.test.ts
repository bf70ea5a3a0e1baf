import { connectTopicAdmin, groupTopicSpecs } from '@handoff/messaging';
import { killStrayChildren, startTsProcess } from '../../support/child-process';
import { infra, uniqueName, waitFor } from '../../support/test-infra';

const BOOT = 'test/support/fixtures/consumer-service-boot.ts';
const RETRY_DELAYS_MS = [500];

describe("consumer services' logs (own processes, real Kafka and PostgreSQL)", () => {
  afterAll(killStrayChildren);

  it.each(['orchestrator', 'payments', 'audit-ledger'])(
    '%s writes Nest’s bootstrap lines as JSON through pino, and nothing else to its output',
    async (service) => {
      const groupId = uniqueName(`boot-${service}`);
      const admin = await connectTopicAdmin(infra.kafka);
      await admin.ensureTopics(groupTopicSpecs(groupId, RETRY_DELAYS_MS));
      await admin.close();
      const run = startTsProcess(
        BOOT,
        {
          WORKER_GROUP: groupId,
          LOG_LEVEL: 'info',
          PAYMENTS_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
          // Nothing answers there: the orchestrator's hub registration fails, in a JSON line too.
          MNO_BASE_URL: 'http://127.0.0.1:9/tmf-api/serviceOrdering/v4',
        },
        [service],
      );

      await waitFor(
        `${service} to start`,
        () => run.output().includes('Nest microservice successfully started') || undefined,
        60_000,
      );
      run.child.kill('SIGTERM');
      await run.exited;

      const lines = run
        .output()
        .split('\n')
        .filter((line) => line.trim() !== '');
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries).toContainEqual(
        expect.objectContaining({
          level: 'info',
          name: service,
          context: 'NestMicroservice',
          msg: 'Nest microservice successfully started',
        }),
      );
      // The lines Nest wrote before the logger was set (module loading) were kept and replayed.
      expect(entries).toContainEqual(
        expect.objectContaining({ name: service, context: 'InstanceLoader' }),
      );
      for (const entry of entries) expect(entry).toHaveProperty('time');
    },
  );
});
