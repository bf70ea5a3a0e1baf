import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** How a client reaches the brokers: Kafka's own names for its listener security protocols. */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** TLS to the brokers. Files, not contents: a client reads them when it is built. */
export interface KafkaTls {
  /** PEM CA bundle that signed the brokers' certificates; unset, the system's trusted CAs. */
  caFile?: string;
  /** Client certificate and key (PEM), for clusters that authenticate clients by certificate. */
  certFile?: string;
  keyFile?: string;
  keyPassword?: string;
}

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/** Everything a Kafka client needs to connect; every client Handoff builds takes one. */
export interface KafkaConnection {
  brokers: string[];
  protocol: KafkaSecurityProtocol;
  /** Set for SSL and SASL_SSL. */
  tls?: KafkaTls;
  /** Set for SASL_PLAINTEXT and SASL_SSL. */
  sasl?: KafkaSasl;
}

export const kafkaSecurityFields = {
  KAFKA_SECURITY_PROTOCOL: z.enum(KAFKA_SECURITY_PROTOCOLS).optional(),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_PASSWORD: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

type SecurityEnv = {
  [K in keyof typeof kafkaSecurityFields]?: z.infer<(typeof kafkaSecurityFields)[K]>;
};

const TLS_VARIABLES = [
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'KAFKA_SSL_KEY_PASSWORD',
] as const;
const SASL_VARIABLES = [
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
] as const;

const usesTls = (p: KafkaSecurityProtocol) => p === 'SSL' || p === 'SASL_SSL';
const usesSasl = (p: KafkaSecurityProtocol) => p.startsWith('SASL_');

/**
 * Checks the KAFKA_SECURITY_* settings together, as a zod refinement on the infra schema: what a
 * protocol needs is there, what it would ignore is refused (a CA file with PLAINTEXT is a mistake,
 * not a preference), and the PEM files can be read. `ownKafka`: KAFKA_BROKERS is unset, so the
 * devstack's broker is used and these settings have nothing to apply to.
 */
export function checkKafkaSecurity(c: SecurityEnv, ownKafka: boolean, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  const given = [...TLS_VARIABLES, ...SASL_VARIABLES, 'KAFKA_SECURITY_PROTOCOL' as const].filter(
    (v) => c[v] !== undefined,
  );
  if (ownKafka) {
    for (const v of given) {
      issue(
        v,
        "applies to KAFKA_BROKERS, which is not set (the devstack's broker is secured with HANDOFF_KAFKA_SECURITY)",
      );
    }
    return;
  }
  const protocol = c.KAFKA_SECURITY_PROTOCOL ?? 'PLAINTEXT';
  const unused = [
    ...(usesTls(protocol) ? [] : TLS_VARIABLES),
    ...(usesSasl(protocol) ? [] : SASL_VARIABLES),
  ];
  for (const v of unused.filter((u) => c[u] !== undefined)) {
    issue(v, `is set, but KAFKA_SECURITY_PROTOCOL=${protocol} does not use it`);
  }
  if (usesSasl(protocol)) {
    for (const v of SASL_VARIABLES.filter((s) => c[s] === undefined)) {
      issue(v, `is required when KAFKA_SECURITY_PROTOCOL=${protocol}`);
    }
  }
  if (!usesTls(protocol)) return;
  if ((c.KAFKA_SSL_CERT_FILE === undefined) !== (c.KAFKA_SSL_KEY_FILE === undefined)) {
    const missing =
      c.KAFKA_SSL_CERT_FILE === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE';
    issue(
      missing,
      'is required with its pair: a client certificate needs both the certificate and its key',
    );
  }
  checkPem(c.KAFKA_SSL_CA_FILE, 'CERTIFICATE', 'KAFKA_SSL_CA_FILE', issue);
  checkPem(c.KAFKA_SSL_CERT_FILE, 'CERTIFICATE', 'KAFKA_SSL_CERT_FILE', issue);
  checkPem(c.KAFKA_SSL_KEY_FILE, 'PRIVATE KEY', 'KAFKA_SSL_KEY_FILE', issue);
}

function checkPem(
  file: string | undefined,
  label: string,
  variable: string,
  issue: (path: string, message: string) => void,
): void {
  if (file === undefined) return;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    issue(
      variable,
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
    return;
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    issue(variable, `${file} holds no PEM ${label.toLowerCase()}`);
  }
}

/** The connection KAFKA_BROKERS and the KAFKA_SECURITY_* settings describe (already checked). */
export function kafkaConnectionFromEnv(brokers: string[], c: SecurityEnv): KafkaConnection {
  const protocol = c.KAFKA_SECURITY_PROTOCOL ?? 'PLAINTEXT';
  return {
    brokers,
    protocol,
    tls: usesTls(protocol)
      ? {
          caFile: c.KAFKA_SSL_CA_FILE,
          certFile: c.KAFKA_SSL_CERT_FILE,
          keyFile: c.KAFKA_SSL_KEY_FILE,
          keyPassword: c.KAFKA_SSL_KEY_PASSWORD,
        }
      : undefined,
    sasl:
      usesSasl(protocol) && c.KAFKA_SASL_MECHANISM && c.KAFKA_SASL_USERNAME && c.KAFKA_SASL_PASSWORD
        ? {
            mechanism: c.KAFKA_SASL_MECHANISM,
            username: c.KAFKA_SASL_USERNAME,
            password: c.KAFKA_SASL_PASSWORD,
          }
        : undefined,
  };
}

/** The devstack's broker: plaintext by default, or only a SASL_SSL listener (docs/local-infrastructure.md). */
export const DEVSTACK_KAFKA_SECURITY = ['plaintext', 'sasl_ssl'] as const;
export type DevstackKafkaSecurity = (typeof DEVSTACK_KAFKA_SECURITY)[number];

/** Development-only credentials, like the embedded PostgreSQL's: the broker is on loopback. */
export const DEVSTACK_KAFKA_CLIENT = { username: 'handoff', password: 'handoff-dev-secret' };
export const DEVSTACK_KAFKA_INTER_BROKER = { username: 'broker', password: 'broker-dev-secret' };

/** Where the devstack keeps its CA and broker certificate, shared by every Kafka version. */
export function devstackKafkaTlsFiles(cacheDir: string): { dir: string; caCert: string } {
  const dir = resolve(cacheDir, 'kafka-tls');
  return { dir, caCert: join(dir, 'ca.pem') };
}

export function devstackKafkaConnection(
  brokers: string[],
  security: DevstackKafkaSecurity,
  cacheDir: string,
): KafkaConnection {
  if (security === 'plaintext') return { brokers, protocol: 'PLAINTEXT' };
  return {
    brokers,
    protocol: 'SASL_SSL',
    tls: { caFile: devstackKafkaTlsFiles(cacheDir).caCert },
    sasl: { mechanism: 'scram-sha-512', ...DEVSTACK_KAFKA_CLIENT },
  };
}
