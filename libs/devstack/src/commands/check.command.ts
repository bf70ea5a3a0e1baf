import type { InfraConfig } from '@handoff/config';
import { probeKafka } from '../kafka/kafka.probe';
import { probePostgres, redactUrl } from '../postgres/postgres.probe';
import { waitUntilReady } from '../readiness.wait';
import { settleAll } from './settle-all';

const HINT = 'run `npm run infra:up` (or point KAFKA_BROKERS / DATABASE_URL at running servers)';

/** Waits until Kafka and PostgreSQL both answer, up to `timeoutMs`; starts nothing. */
export async function devstackCheck(config: InfraConfig, timeoutMs: number): Promise<void> {
  await settleAll([
    waitUntilReady({
      what: `Kafka at ${config.kafka.brokers.join(',')}`,
      timeoutMs,
      probe: () => probeKafka(config.kafka),
      hint: HINT,
    }),
    waitUntilReady({
      what: `PostgreSQL at ${redactUrl(config.databaseUrl)}`,
      timeoutMs,
      probe: () => probePostgres(config.databaseUrl),
      hint: HINT,
    }),
  ]);
}
