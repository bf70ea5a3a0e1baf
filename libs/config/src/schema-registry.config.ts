import { z } from 'zod';
import { loadConfig } from './load-config';

/** An unset variable and an empty one both mean "not given". */
const optionalUrl = (message: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .url(message)
      .regex(/^https?:\/\//i, message)
      .optional(),
  );

const schemaRegistrySchema = z.object({
  /** A Confluent-compatible API, e.g. Apicurio's `http://127.0.0.1:18181/apis/ccompat/v7`. */
  SCHEMA_REGISTRY_URL: optionalUrl(
    'must be the http(s) URL of a Confluent-compatible schema registry API, ' +
      'e.g. http://127.0.0.1:18181/apis/ccompat/v7',
  ),
  SCHEMA_REGISTRY_AUTO_REGISTER: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('true'),
  SCHEMA_REGISTRY_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int()
    .min(100)
    .max(60_000)
    .default(5_000),
});

export interface SchemaRegistryConfig {
  /** Unset: schema ids come from `contracts/schema-ids.json` (the local registry). */
  url: string | undefined;
  /** True: register Handoff's schemas at start-up; false: only check that they are there. */
  autoRegister: boolean;
  /** Per request; a registry slower than this counts as not answering. */
  timeoutMs: number;
}

/** Which schema registry the services use: the local one (default) or a remote one. */
export function loadSchemaRegistryConfig(
  env: Record<string, string | undefined> = process.env,
): SchemaRegistryConfig {
  const c = loadConfig(schemaRegistrySchema, env);
  return {
    url: c.SCHEMA_REGISTRY_URL?.replace(/\/+$/, ''),
    autoRegister: c.SCHEMA_REGISTRY_AUTO_REGISTER === 'true',
    timeoutMs: c.SCHEMA_REGISTRY_TIMEOUT_MS,
  };
}
