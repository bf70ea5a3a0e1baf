import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { KafkaConnection } from '@handoff/config';
import { infra } from './test-infra';

const run = promisify(execFile);

/**
 * Fails, never skips, when kcat is missing: the outside-producer tests are the proof that a client
 * which is not Handoff's own code can publish to it. `npm run setup` installs it.
 */
export async function requireKcat(): Promise<void> {
  try {
    await run('kcat', ['-V']);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? 'kcat is not installed; run `npm run setup` (scripts/install-tools.sh installs the Debian package `kcat`)'
        : `kcat -V failed: ${String(error)}`,
    );
  }
}

export interface KcatRecord {
  topic: string;
  key: string;
  headers: Record<string, string>;
  /** A file whose whole content is the record's value (kcat sends each file as one message). */
  valueFile: string;
}

/**
 * Publishes one record with kcat, as an outside producer would. `murmur2_random` is the Java
 * client's partitioner (and kafkajs'); librdkafka's default (CRC32) would put the same key on
 * another partition than Handoff's own events.
 */
export async function kcatProduce(record: KcatRecord): Promise<void> {
  const headers = Object.entries(record.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  await run('kcat', [
    '-P',
    '-b',
    infra.kafka.brokers.join(','),
    ...kcatSecurityArgs(infra.kafka),
    '-X',
    'partitioner=murmur2_random',
    '-t',
    record.topic,
    '-k',
    record.key,
    ...headers,
    record.valueFile,
  ]);
}

/** librdkafka's names for the same TLS and SASL settings the services take from KAFKA_SECURITY_*. */
function kcatSecurityArgs(kafka: KafkaConnection): string[] {
  const settings: Record<string, string | undefined> = {
    'security.protocol': kafka.protocol === 'PLAINTEXT' ? undefined : kafka.protocol,
    'ssl.ca.location': kafka.tls?.caFile,
    'ssl.certificate.location': kafka.tls?.certFile,
    'ssl.key.location': kafka.tls?.keyFile,
    'ssl.key.password': kafka.tls?.keyPassword,
    'sasl.mechanisms': kafka.sasl?.mechanism.toUpperCase(),
    'sasl.username': kafka.sasl?.username,
    'sasl.password': kafka.sasl?.password,
  };
  return Object.entries(settings).flatMap(([name, value]) =>
    value === undefined ? [] : ['-X', `${name}=${value}`],
  );
}
