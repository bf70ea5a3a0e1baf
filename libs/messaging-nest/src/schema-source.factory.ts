import type { SchemaRegistryConfig } from '@handoff/config';
import { loadLocalRegistry, type RegisteredSchema } from '@handoff/contracts';
import {
  RegistrySchemaSource,
  SchemaRegistryClient,
  type OwnSchema,
  type RunnerLog,
  type SchemaSource,
} from '@handoff/messaging';

/**
 * The schemas a service encodes and decodes with: the local registry (`contracts/schema-ids.json`)
 * unless SCHEMA_REGISTRY_URL names a remote one. Then Handoff's latest schemas are registered
 * there (or only checked, SCHEMA_REGISTRY_AUTO_REGISTER=false) before anything is produced.
 */
export async function createSchemaSource(
  config: SchemaRegistryConfig,
  log: Pick<RunnerLog, 'info'>,
): Promise<SchemaSource> {
  const local = loadLocalRegistry();
  if (!config.url) return local;
  const client = new SchemaRegistryClient({ url: config.url, timeoutMs: config.timeoutMs });
  const own = local.fullNames().map((fullName) => ownSchema(local.latest(fullName)));
  const source = await RegistrySchemaSource.connect({
    client,
    own,
    autoRegister: config.autoRegister,
  });
  log.info(
    { registry: client.displayUrl, eventTypes: own.length, autoRegister: config.autoRegister },
    config.autoRegister
      ? 'schema registry: Handoff schemas registered'
      : 'schema registry: Handoff schemas found',
  );
  return source;
}

export function ownSchema(schema: RegisteredSchema): OwnSchema {
  return {
    fullName: schema.fullName,
    version: schema.version,
    schema: JSON.stringify(schema.json),
    type: schema.type,
  };
}
