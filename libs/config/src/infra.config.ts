import { resolve } from 'node:path';
import { z } from 'zod';
import {
  checkKafkaSecurity,
  DEVSTACK_KAFKA_SECURITY,
  devstackKafkaConnection,
  kafkaConnectionFromEnv,
  kafkaSecurityFields,
  type DevstackKafkaSecurity,
  type KafkaConnection,
} from './kafka-security.config';
import { commaList, isDevelopmentEnvironment, loadConfig, port } from './load-config';

const REPO_ROOT = resolve(__dirname, '../../..');

const infraSchema = z.object({
  NODE_ENV: z.string().optional(),
  /** Set it to use an existing cluster; unset, the devstack starts its own broker. */
  KAFKA_BROKERS: commaList,
  /** How to reach KAFKA_BROKERS: TLS and SASL settings (docs/messaging-backbone.md). */
  ...kafkaSecurityFields,
  /** The devstack's own broker: plaintext, or only a SASL_SSL listener with its own CA. */
  HANDOFF_KAFKA_SECURITY: z.enum(DEVSTACK_KAFKA_SECURITY).default('plaintext'),
  HANDOFF_KAFKA_PORT: port(19092),
  HANDOFF_KAFKA_CONTROLLER_PORT: port(19093),
  /** The devstack's own broker: the two lines the whole suite runs on (docs/local-infrastructure.md). */
  HANDOFF_KAFKA_VERSION: z
    .string()
    .regex(/^(3\.9|4\.1)\.\d+$/, 'must be a 3.9.x or 4.1.x release (the lines the suite runs on)')
    .default('4.1.1'),
  /** Maximum heap of the devstack's own broker (a JVM -Xmx value). */
  HANDOFF_KAFKA_HEAP_MAX: z
    .string()
    .regex(/^\d+[mg]$/, 'must be a JVM heap size such as 512m or 1g')
    .default('1g'),
  /** Set it to use an existing PostgreSQL; unset, the devstack starts an embedded one. */
  DATABASE_URL: z.string().url('must be a postgres:// URL').optional(),
  HANDOFF_PG_PORT: port(15432),
  HANDOFF_CACHE_DIR: z.string().default(resolve(REPO_ROOT, '.cache')),
  /** `retention.ms` of the dead-letter topics; -1 keeps a dead letter until someone handles it. */
  DEAD_LETTER_RETENTION_MS: z.coerce
    .number({ invalid_type_error: 'must be -1 (keep until handled) or milliseconds' })
    .int('must be a whole number of milliseconds')
    .refine(
      (ms) => ms === -1 || ms >= 86_400_000,
      'must be -1 (keep until handled, the default) or at least 86400000 (1 day) in milliseconds',
    )
    .default(-1),
});

/** Outside development, the devstack's broker and its well-known credentials are never a default. */
const deployedInfraSchema = infraSchema.superRefine((c, ctx) => {
  checkKafkaSecurity(c, !c.KAFKA_BROKERS, ctx);
  // `production` (or any value but `development`/`test`/unset): no falling back to the devstack.
  if (isDevelopmentEnvironment(c.NODE_ENV)) return;
  const needed = { KAFKA_BROKERS: c.KAFKA_BROKERS, DATABASE_URL: c.DATABASE_URL };
  for (const [variable, value] of Object.entries(needed)) {
    if (value !== undefined && value.length > 0) continue;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [variable],
      message: `is required when NODE_ENV=${c.NODE_ENV}: the devstack's defaults are for development only`,
    });
  }
});

export interface InfraConfig {
  /** True when the devstack must start Kafka itself. */
  ownKafka: boolean;
  ownPostgres: boolean;
  /** Brokers and security: what every Kafka client is built from. */
  kafka: KafkaConnection;
  /** How the devstack's own broker listens (HANDOFF_KAFKA_SECURITY). */
  kafkaSecurity: DevstackKafkaSecurity;
  kafkaPort: number;
  kafkaControllerPort: number;
  kafkaVersion: string;
  kafkaHeapMax: string;
  databaseUrl: string;
  postgresPort: number;
  cacheDir: string;
  /** Applied to the dead-letter topics at `infra:up`, existing ones included. */
  deadLetterRetentionMs: number;
}

export const EMBEDDED_PG_USER = 'handoff';
export const EMBEDDED_PG_PASSWORD = 'handoff';
export const EMBEDDED_PG_DATABASE = 'handoff';

/** Where Kafka and PostgreSQL are: given by the environment, or the ones the devstack runs. */
export function loadInfraConfig(
  env: Record<string, string | undefined> = process.env,
): InfraConfig {
  const c = loadConfig(deployedInfraSchema, env);
  const kafkaBrokers = c.KAFKA_BROKERS ?? [`127.0.0.1:${c.HANDOFF_KAFKA_PORT}`];
  return {
    ownKafka: !c.KAFKA_BROKERS,
    ownPostgres: !c.DATABASE_URL,
    kafka: c.KAFKA_BROKERS
      ? kafkaConnectionFromEnv(kafkaBrokers, c)
      : devstackKafkaConnection(kafkaBrokers, c.HANDOFF_KAFKA_SECURITY, c.HANDOFF_CACHE_DIR),
    kafkaSecurity: c.HANDOFF_KAFKA_SECURITY,
    kafkaPort: c.HANDOFF_KAFKA_PORT,
    kafkaControllerPort: c.HANDOFF_KAFKA_CONTROLLER_PORT,
    kafkaVersion: c.HANDOFF_KAFKA_VERSION,
    kafkaHeapMax: c.HANDOFF_KAFKA_HEAP_MAX,
    databaseUrl:
      c.DATABASE_URL ??
      `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${c.HANDOFF_PG_PORT}/${EMBEDDED_PG_DATABASE}`,
    postgresPort: c.HANDOFF_PG_PORT,
    cacheDir: c.HANDOFF_CACHE_DIR,
    deadLetterRetentionMs: c.DEAD_LETTER_RETENTION_MS,
  };
}
