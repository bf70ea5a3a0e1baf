import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from '@handoff/config';
import { kafkajsConnection } from '@handoff/messaging';

export interface KafkaClusterInfo {
  clusterId: string;
  brokers: string[];
  controller: number | null;
}

/** One quick round trip: connect an admin client and describe the cluster, no retries. */
export async function describeKafka(
  connection: KafkaConnection,
  timeoutMs = 3_000,
): Promise<KafkaClusterInfo> {
  const kafka = new Kafka({
    clientId: 'handoff-devstack-probe',
    ...kafkajsConnection(connection),
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return {
      clusterId: cluster.clusterId,
      brokers: cluster.brokers.map((b) => `${b.host}:${b.port}`),
      controller: cluster.controller,
    };
  } finally {
    await admin.disconnect();
  }
}

/** Ready means: it answers and names at least one broker. Throws the reason when it is not. */
export async function probeKafka(connection: KafkaConnection, timeoutMs?: number): Promise<true> {
  const cluster = await describeKafka(connection, timeoutMs);
  if (cluster.brokers.length === 0) throw new Error('the cluster names no broker yet');
  return true;
}

/** Like {@link probeKafka}, but answers false instead of throwing. */
export async function isKafkaReady(
  connection: KafkaConnection,
  timeoutMs?: number,
): Promise<boolean> {
  return probeKafka(connection, timeoutMs).catch(() => false);
}
