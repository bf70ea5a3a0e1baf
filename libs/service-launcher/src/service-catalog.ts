import { everyReady, httpReady, type ServiceSpec } from './service-process';

/** Handoff's deployables, in the order they start (the simulators first: the orchestrator calls them). */
export const SERVICE_NAMES = [
  'vendor-simulators',
  'orchestrator',
  'payments',
  'usage',
  'audit-ledger',
  'gateway',
  'ops',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface StackPorts {
  gateway: number;
  ops: number;
  /** The MNO simulator's port. */
  mno: number;
  /** The orchestrator's HTTP port (the MNO hub's callbacks, its health endpoints). */
  orchestrator: number;
  /** The payments service's health port; its own default (18086) unless given. */
  payments?: number;
  /** The usage service's health port; its own default (18088) unless given. */
  usage?: number;
  /** The audit ledger's health port; its own default (18089) unless given. */
  auditLedger?: number;
}

/** Extra environment per service, on top of the caller's own (the demo's fast breaker, say). */
export type ServiceEnv = Partial<Record<ServiceName, Record<string, string>>>;

/**
 * A Handoff service is started once its readiness answers 200: PostgreSQL, Kafka and its
 * consumer groups all up (docs/observability.md#health-and-readiness).
 */
const serviceReady = (port: number | string) => httpReady(`http://127.0.0.1:${port}/health/ready`);

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

/**
 * How each service is started and known to be ready. The orchestrator is pointed at the MNO
 * simulator unless `MNO_BASE_URL` names a real MNO, and at the tax engine and payment processor
 * simulators (on `TAX_SIM_PORT` and `PAYMENT_SIM_PORT`, which the simulators' process reads too)
 * unless `TAX_BASE_URL` or `PAYMENT_BASE_URL` names a real one; the payments service at the same two.
 */
export function serviceSpecs(
  names: readonly ServiceName[],
  ports: StackPorts,
  extraEnv: ServiceEnv = {},
  env: Record<string, string | undefined> = process.env,
): ServiceSpec[] {
  const simulatorUrl = `http://127.0.0.1:${ports.mno}`;
  const taxPort = env.TAX_SIM_PORT ?? '18084';
  const paymentPort = env.PAYMENT_SIM_PORT ?? '18085';
  // Their own defaults (as the services' configs have them) when the caller names no port.
  const paymentsPort = String(ports.payments ?? env.PAYMENTS_PORT ?? 18086);
  const usagePort = String(ports.usage ?? env.USAGE_PORT ?? 18088);
  const auditLedgerPort = String(ports.auditLedger ?? env.AUDIT_LEDGER_PORT ?? 18089);
  const all: Record<ServiceName, Omit<ServiceSpec, 'name'>> = {
    'vendor-simulators': {
      entry: 'apps/vendor-simulators/src/main.ts',
      env: {
        MNO_SIM_PORT: String(ports.mno),
        TAX_SIM_PORT: taxPort,
        PAYMENT_SIM_PORT: paymentPort,
      },
      // One process, three servers started one after the other: ready once the last answers too.
      ready: everyReady(
        [simulatorUrl, `http://127.0.0.1:${taxPort}`, `http://127.0.0.1:${paymentPort}`].map(
          (url) => httpReady(`${url}/admin/faults`),
        ),
      ),
    },
    orchestrator: {
      entry: 'apps/orchestrator/src/main.ts',
      env: {
        MNO_BASE_URL: env.MNO_BASE_URL ?? `${simulatorUrl}/tmf-api/serviceOrdering/v4`,
        TAX_BASE_URL: env.TAX_BASE_URL ?? `http://127.0.0.1:${taxPort}/communications-tax/v1`,
        PAYMENT_BASE_URL: env.PAYMENT_BASE_URL ?? `http://127.0.0.1:${paymentPort}/v1`,
        ORCHESTRATOR_PORT: String(ports.orchestrator),
      },
      ready: serviceReady(ports.orchestrator),
    },
    payments: {
      entry: 'apps/payments/src/main.ts',
      env: {
        TAX_BASE_URL: env.TAX_BASE_URL ?? `http://127.0.0.1:${taxPort}/communications-tax/v1`,
        PAYMENT_BASE_URL: env.PAYMENT_BASE_URL ?? `http://127.0.0.1:${paymentPort}/v1`,
        PAYMENTS_PORT: paymentsPort,
      },
      ready: serviceReady(paymentsPort),
    },
    usage: {
      entry: 'apps/usage/src/main.ts',
      env: { USAGE_PORT: usagePort },
      ready: serviceReady(usagePort),
    },
    'audit-ledger': {
      entry: 'apps/audit-ledger/src/main.ts',
      env: { AUDIT_LEDGER_PORT: auditLedgerPort },
      ready: serviceReady(auditLedgerPort),
    },
    gateway: {
      entry: 'apps/gateway/src/main.ts',
      env: { GATEWAY_PORT: String(ports.gateway) },
      ready: serviceReady(ports.gateway),
    },
    ops: {
      entry: 'apps/ops/src/main.ts',
      // `tax coverage` reads the engine the orchestrator quotes with; the watcher probes all three.
      env: {
        OPS_PORT: String(ports.ops),
        MNO_BASE_URL: env.MNO_BASE_URL ?? `${simulatorUrl}/tmf-api/serviceOrdering/v4`,
        TAX_BASE_URL: env.TAX_BASE_URL ?? `http://127.0.0.1:${taxPort}/communications-tax/v1`,
        PAYMENT_BASE_URL: env.PAYMENT_BASE_URL ?? `http://127.0.0.1:${paymentPort}/v1`,
      },
      ready: serviceReady(ports.ops),
    },
  };
  return SERVICE_NAMES.filter((name) => names.includes(name)).map((name) => ({
    name,
    ...all[name],
    env: { ...all[name].env, ...extraEnv[name] },
  }));
}
