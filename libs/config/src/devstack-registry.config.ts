import { z } from 'zod';
import { loadConfig, port } from './load-config';
import { loadSchemaRegistryConfig } from './schema-registry.config';

const devstackRegistrySchema = z.object({
  /** `on` starts the devstack's own Apicurio Registry with `infra:up` (as `--registry` does). */
  HANDOFF_REGISTRY: z.enum(['on', 'off'], { message: 'must be on or off' }).default('off'),
  HANDOFF_REGISTRY_PORT: port(18181),
  /** Apicurio's health and metrics (Quarkus management interface). */
  HANDOFF_REGISTRY_MANAGEMENT_PORT: port(18191),
  /** A JDK 21+ to run the registry with; unset, the devstack looks for one. */
  HANDOFF_REGISTRY_JAVA_HOME: z.string().min(1).optional(),
  JAVA_HOME: z.string().optional(),
});

/** The Confluent-compatible API of Apicurio Registry, under its own base path. */
export const APICURIO_CCOMPAT_PATH = '/apis/ccompat/v7';

export interface DevstackRegistryConfig {
  /**
   * `external`: SCHEMA_REGISTRY_URL names one (checked, never started); `own`: the devstack runs
   * Apicurio Registry; `off`: no registry (the default: services use the local one).
   */
  mode: 'off' | 'own' | 'external';
  /** What SCHEMA_REGISTRY_URL should be to use this registry. */
  url: string;
  httpPort: number;
  managementPort: number;
  /** HANDOFF_REGISTRY_JAVA_HOME: must hold a JDK 21+. */
  javaHome: string | undefined;
  /** JAVA_HOME: used when it holds a JDK 21+, otherwise the search goes on. */
  defaultJavaHome: string | undefined;
}

/** The devstack's schema registry settings; `requested` is `infra:up --registry`. */
export function loadDevstackRegistryConfig(
  { requested = false }: { requested?: boolean } = {},
  env: Record<string, string | undefined> = process.env,
): DevstackRegistryConfig {
  const c = loadConfig(devstackRegistrySchema, env);
  const external = loadSchemaRegistryConfig(env).url;
  const own = requested || c.HANDOFF_REGISTRY === 'on';
  return {
    mode: external ? 'external' : own ? 'own' : 'off',
    url: external ?? `http://127.0.0.1:${c.HANDOFF_REGISTRY_PORT}${APICURIO_CCOMPAT_PATH}`,
    httpPort: c.HANDOFF_REGISTRY_PORT,
    managementPort: c.HANDOFF_REGISTRY_MANAGEMENT_PORT,
    javaHome: c.HANDOFF_REGISTRY_JAVA_HOME,
    defaultJavaHome: c.JAVA_HOME || undefined,
  };
}
