import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerMetrics } from '@handoff/observability';
import type { Readiness } from './readiness';

export const LIVE_PATH = '/health/live';
export const READY_PATH = '/health/ready';

/**
 * Answers `GET /health/live` and `GET /health/ready` on a plain node:http server (the consumer
 * services' small ports); false when the request is for another route.
 */
export async function answerHealth(
  readiness: Readiness,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (request.method !== 'GET') return false;
  if (request.url === LIVE_PATH) {
    send(response, 200, { status: 'ok' });
    return true;
  }
  if (request.url !== READY_PATH) return false;
  const { ready, report } = await readiness.check();
  send(response, ready ? 200 : 503, report);
  return true;
}

/**
 * The health endpoints and `GET /metrics`: what a consumer service's small port serves for the
 * platform (probes and Prometheus); false when the request is for another route.
 */
export async function answerHealthOrMetrics(
  readiness: Readiness,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  return (
    (await answerHealth(readiness, request, response)) || (await answerMetrics(request, response))
  );
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
