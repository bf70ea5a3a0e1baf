import type { InfraConfig } from '@handoff/config';
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
  return [`KAFKA_BROKERS=${config.kafkaBrokers.join(',')}`, `DATABASE_URL=${url}`];
}
