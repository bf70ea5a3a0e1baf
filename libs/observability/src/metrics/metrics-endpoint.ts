import type { IncomingMessage, ServerResponse } from 'node:http';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics-registry';

export const METRICS_PATH = '/metrics';

/**
 * Answers `GET /metrics` on a plain node:http server (the consumer services' small ports), as
 * `MetricsController` does on a Nest HTTP app; false when the request is for another route.
 */
export async function answerMetrics(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (request.method !== 'GET' || request.url !== METRICS_PATH) return false;
  const text = await metricsText();
  response
    .writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' })
    .end(text);
  return true;
}
