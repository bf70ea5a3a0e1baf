import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram } from 'prom-client';
import { registeredMetric } from './metrics-registry';

const httpDuration = () =>
  registeredMetric(
    'handoff_http_request_duration_seconds',
    (registers) =>
      new Histogram({
        name: 'handoff_http_request_duration_seconds',
        help: 'HTTP requests served, by method, route template and status class',
        labelNames: ['method', 'route', 'status_class'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
  );

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Express leaves the matched route on the request; its path is the template (`/activations/:id`). */
export type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** Where the middleware is mounted: Nest binds it as a route, so an unmatched request keeps it. */
export const EVERY_ROUTE = '{*path}';

/**
 * The route template, never the URL: a URL holds ids, and a label must stay bounded. A request
 * no controller route matched (a 404) counts as `unmatched`.
 */
export function routeOf(req: RoutedRequest): string {
  const path = req.route?.path;
  if (typeof path !== 'string' || path.endsWith(EVERY_ROUTE)) return 'unmatched';
  return `${req.baseUrl ?? ''}${path}`;
}

/** Times `req` until its response is written, under the route `routeOf` names then. */
function timeRequest(req: IncomingMessage, res: ServerResponse, route: () => string): void {
  const end = httpDuration().startTimer();
  res.once('finish', () => {
    const method = req.method && KNOWN_METHODS.has(req.method) ? req.method : 'OTHER';
    end({ method, route: route(), status_class: `${Math.floor(res.statusCode / 100)}xx` });
  });
}

/** Express-style middleware timing every request until its response is written. */
export function httpMetricsMiddleware(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  timeRequest(req, res, () => routeOf(req));
  next();
}

/**
 * Times one request of a plain node:http server (the orchestrator's MNO callbacks) under `route`,
 * a template the server names itself (`unmatched` for a path it does not serve).
 */
export function timeHttpRequest(req: IncomingMessage, res: ServerResponse, route: string): void {
  timeRequest(req, res, () => route);
}
