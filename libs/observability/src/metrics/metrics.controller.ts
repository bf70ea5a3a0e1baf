import { Controller, Get, Header } from '@nestjs/common';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics-registry';

/**
 * `GET /metrics` for Prometheus, without authentication: it is scraped on the service's own
 * network, and no label carries an id or personal data (decision 57).
 */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return metricsText();
  }
}
