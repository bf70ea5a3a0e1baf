import { readFileSync } from 'node:fs';
import type { KafkaConnection, KafkaTls } from '@handoff/config';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/**
 * The part of a kafkajs client's options that says where the brokers are and how to reach them.
 * Every Kafka client Handoff builds (producers, consumers, admin, the devstack's probe, the ops
 * tooling, the test harness) spreads this, so a secured cluster needs no change anywhere else.
 * kafkajs hands `ssl` to Node's `tls.connect` (https://kafka.js.org/docs/configuration#ssl) and
 * speaks SCRAM-SHA-512/256 and PLAIN itself (https://kafka.js.org/docs/configuration#sasl).
 */
export function kafkajsConnection(
  connection: KafkaConnection,
): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  return {
    brokers: connection.brokers,
    ...(connection.tls ? { ssl: tlsOptions(connection.tls) } : {}),
    // A copy: kafkajs caches its authenticator on the object it is given, and a later client given
    // the same object with another mechanism would reuse it.
    ...(connection.sasl ? { sasl: { ...connection.sasl } as SASLOptions } : {}),
  };
}

/** Read when the client is built, so a renewed certificate takes effect at the next start. */
function tlsOptions(tls: KafkaTls): ConnectionOptions {
  return {
    ...(tls.caFile ? { ca: [readPem(tls.caFile, 'CA')] } : {}),
    ...(tls.certFile ? { cert: readPem(tls.certFile, 'client certificate') } : {}),
    ...(tls.keyFile ? { key: readPem(tls.keyFile, 'client key') } : {}),
    ...(tls.keyPassword ? { passphrase: tls.keyPassword } : {}),
  };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    // Configuration checks the files at start-up; the devstack's CA exists only once it has run.
    throw new Error(
      `cannot read the Kafka ${what} file ${file}: ${(cause as Error).message}` +
        ' (for the devstack, run `npm run infra:up` with HANDOFF_KAFKA_SECURITY=sasl_ssl first)',
      { cause },
    );
  }
}
