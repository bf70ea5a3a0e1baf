import type { InfraConfig, KafkaConnection } from '@handoff/config';
import type { ComponentStatus } from './component.status';
import { redactUrl } from './postgres/postgres.probe';

/** One line per component: what runs, where, and its log. */
export function formatStatus(components: ComponentStatus[]): string[] {
  return components.map((c) => {
    if (c.mode === 'off') return `${c.component.padEnd(9)} ${'off'.padEnd(6)} ${c.detail}`;
    const state = c.ready ? 'ready' : 'DOWN';
    const who =
      c.mode === 'own' ? `devstack${c.pid === undefined ? '' : `, pid ${c.pid}`}` : 'external';
    const log = c.logFile ? `\n${''.padEnd(10)}log: ${c.logFile}` : '';
    return `${c.component.padEnd(9)} ${state.padEnd(6)} ${c.endpoint} (${who}) ${c.detail}${log}`;
  });
}

/** What to export to point a service or a tool at this infrastructure. */
export function formatConnection(config: InfraConfig): string[] {
  // The devstack's own credentials are fixed dev values; an external URL's password stays hidden.
  const url = config.ownPostgres ? config.databaseUrl : redactUrl(config.databaseUrl);
  return [...kafkaConnectionLines(config), `DATABASE_URL=${url}`];
}

/**
 * The brokers and, when secured, the KAFKA_SECURITY_* settings a client needs. The devstack's own
 * password is a fixed development value and is printed; an external cluster's never is.
 */
function kafkaConnectionLines(config: InfraConfig): string[] {
  const kafka: KafkaConnection = config.kafka;
  const settings: Record<string, string | undefined> = {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_SECURITY_PROTOCOL: kafka.protocol === 'PLAINTEXT' ? undefined : kafka.protocol,
    KAFKA_SSL_CA_FILE: kafka.tls?.caFile,
    KAFKA_SSL_CERT_FILE: kafka.tls?.certFile,
    KAFKA_SSL_KEY_FILE: kafka.tls?.keyFile,
    KAFKA_SASL_MECHANISM: kafka.sasl?.mechanism,
    KAFKA_SASL_USERNAME: kafka.sasl?.username,
    KAFKA_SASL_PASSWORD: config.ownKafka ? kafka.sasl?.password : undefined,
  };
  return Object.entries(settings).flatMap(([name, value]) =>
    value === undefined ? [] : [`${name}=${value}`],
  );
}
