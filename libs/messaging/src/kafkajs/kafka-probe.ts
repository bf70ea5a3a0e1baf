import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from '@handoff/config';
import { kafkajsConnection } from './kafkajs-connection';

/**
 * Asks the cluster for its metadata through a fresh admin connection with no retries, so a broker
 * that is gone fails the call within `timeoutMs` instead of behind the client's reconnect loop.
 * A new connection each time: a connection kept open would say nothing about reaching the
 * bootstrap address again (readiness, docs/observability.md).
 */
export async function kafkaAnswers(
  connection: KafkaConnection,
  clientId: string,
  timeoutMs: number,
): Promise<void> {
  const kafka = new Kafka({
    clientId: `${clientId}.health`,
    ...kafkajsConnection(connection),
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
