import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaConnection } from '@handoff/config';
import { EventTypes, type ActivationRequested } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { confluentAvro } from './outside-avro';
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

export interface KcatCloudEvent {
  topic: string;
  key: string;
  type: string;
  source: string;
  /** The value's bytes (e.g. `confluentAvro(...)`), written to a file in the scratch directory. */
  value: Buffer;
  /** CloudEvents attributes beyond the ones the spec requires. */
  extraHeaders?: Record<string, string>;
}

/**
 * Publishes one CloudEvent in binary mode with kcat, with only the attributes the spec requires
 * (plus `extraHeaders`) and a new id, as the BSS does. Returns the id and the headers sent.
 */
export async function kcatProduceCloudEvent(
  scratchDir: string,
  event: KcatCloudEvent,
): Promise<{ eventId: string; headers: Record<string, string> }> {
  const eventId = `bss-${randomUUID()}`;
  const valueFile = join(scratchDir, `${eventId}.avro`);
  writeFileSync(valueFile, event.value);
  const headers = {
    ce_specversion: '1.0',
    ce_id: eventId,
    ce_source: event.source,
    ce_type: event.type,
    ...event.extraHeaders,
  };
  await kcatProduce({ topic: event.topic, key: event.key, valueFile, headers });
  return { eventId, headers };
}

/**
 * An ActivationRequested published with kcat as the BSS does, keyed by its subject unless another
 * `key` is given. Returns the event id.
 */
export async function kcatActivationRequested(
  scratchDir: string,
  data: ActivationRequested,
  options: { key?: string; extraHeaders?: Record<string, string> } = {},
): Promise<string> {
  const { eventId } = await kcatProduceCloudEvent(scratchDir, {
    topic: Topics.SubscriberLifecycle,
    key: options.key ?? data.subjectId,
    type: EventTypes.ActivationRequested,
    source: 'bss/acme-crm',
    value: confluentAvro(EventTypes.ActivationRequested, data),
    extraHeaders: options.extraHeaders,
  });
  return eventId;
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
