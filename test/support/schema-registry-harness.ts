import axios from 'axios';
import { Type } from 'avsc';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDevstackRegistryConfig } from '@handoff/config';
import { isRegistryReady } from '@handoff/devstack';
import { SchemaRegistryClient, type RunnerLog, type SchemaSource } from '@handoff/messaging';
import { createSchemaSource } from '@handoff/messaging-nest';

/** The registry `npm test` starts (`infra:up --registry`), or the one SCHEMA_REGISTRY_URL names. */
export const registry = loadDevstackRegistryConfig();

/** Fails with what to do when no registry answers. */
export async function requireRegistry(): Promise<void> {
  if (await isRegistryReady(registry.url)) return;
  throw new Error(
    `Schema registry tests need a registry at ${registry.url}: start it with ` +
      '`npm run infra:up -- --registry` (`npm test` does), or set SCHEMA_REGISTRY_URL',
  );
}

export function registryClient(timeoutMs = 10_000): SchemaRegistryClient {
  return new SchemaRegistryClient({ url: registry.url, timeoutMs });
}

/** What a service gets at start-up with SCHEMA_REGISTRY_URL set: Handoff's schemas registered. */
export function registeredSchemaSource(timeoutMs = 10_000): Promise<SchemaSource> {
  return createSchemaSource(
    { url: registry.url, autoRegister: true, timeoutMs },
    { info: () => undefined },
  );
}

const CONTRACTS = resolve(__dirname, '../../contracts');

/** A schema file of ours, as JSON, as an outside team would copy it. */
export function contractSchema(file: string): { fields: object[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(CONTRACTS, 'avro', file), 'utf8')) as {
    fields: object[];
  };
}

/** A fixture payload of ours. */
export function contractFixture(name: string): Record<string, unknown> {
  const file = resolve(CONTRACTS, 'fixtures/valid', `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * An outside producer's ActivationRequested: our v1 plus a field of its own (unique per call, so
 * the registry gives it an id no consumer has cached yet).
 */
export function outsideActivationSchema(): object {
  const v1 = contractSchema('activation/activation-requested.v1.avsc');
  const marker = `bssTrace${randomBytes(4).toString('hex')}`;
  return { ...v1, fields: [...v1.fields, { name: marker, type: 'string', default: '' }] };
}

/** Registers a schema the way any client does, with a plain HTTP call; its registry id. */
export async function registerAsOutsider(subject: string, schema: object): Promise<number> {
  const res = await axios.post<{ id: number }>(
    `${registry.url}/subjects/${encodeURIComponent(subject)}/versions`,
    { schema: JSON.stringify(schema) },
    { headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' } },
  );
  return res.data.id;
}

/** The Confluent wire format, written by hand: magic byte 0, the id (4 bytes, big-endian), Avro. */
export function confluentWireFormat(schemaId: number, schema: object, value: unknown): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, Type.forSchema(schema as never).toBuffer(value)]);
}

/** The CloudEvents headers an outside producer sets (binary mode). */
export function outsideHeaders(type: string, subject: string): Record<string, string> {
  const id = randomUUID();
  return {
    ce_specversion: '1.0',
    ce_id: id,
    ce_source: 'bss/test-producer',
    ce_type: type,
    ce_time: new Date().toISOString(),
    ce_subject: subject,
    ce_correlationid: id,
    ce_causationid: id,
    'content-type': 'application/avro',
  };
}

/** A runner log that keeps its lines, to wait for what the runner said. */
export function recordingLog(): RunnerLog & { lines: string[] } {
  const lines: string[] = [];
  const keep = (_fields: Record<string, unknown>, message: string) => void lines.push(message);
  return { lines, info: keep, warn: keep, error: keep };
}
