import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

/** What `GET /metrics` answers with: the Prometheus text exposition format. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

let processRegistry: Registry | undefined;

/**
 * The one registry of this process. Every metric of every lib registers here, so a service
 * exposes them all from one endpoint, wherever it mounts it (`metricsText`).
 */
export function metricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The registry's metrics as Prometheus text: mount it on any HTTP port (`METRICS_CONTENT_TYPE`). */
export function metricsText(): Promise<string> {
  return metricsRegistry().metrics();
}

/**
 * The metric registered under `name`, created on first use. Two services started in one process
 * (the tests, the launcher) share their metrics instead of failing on a second registration.
 */
export function registeredMetric<T extends Metric>(
  name: string,
  create: (registers: Registry[]) => T,
): T {
  const registry = metricsRegistry();
  return (registry.getSingleMetric(name) as T | undefined) ?? create([registry]);
}
