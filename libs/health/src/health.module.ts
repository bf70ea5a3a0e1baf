import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import {
  HEALTH_HTTP_OPTIONS,
  HealthHttpServer,
  type HealthHttpOptions,
} from './health-http.server';
import { Readiness, READINESS_OPTIONS, type ReadinessOptions } from './readiness';

/**
 * Liveness and readiness (docs/observability.md). An HTTP app gets the two routes on its own
 * port; a consumer service names a small port to serve them on (`serveOn`), or none when it
 * answers them on an HTTP server of its own through `answerHealth` (the orchestrator).
 */
@Module({})
export class HealthModule {
  /**
   * @param options.consumes whether the service runs consumer groups (readiness waits for them);
   *   by default, every service but an HTTP app
   */
  static forRoot(
    options: { http?: boolean; serveOn?: HealthHttpOptions; consumes?: boolean } = {},
  ): DynamicModule {
    const readiness: ReadinessOptions = { consumes: options.consumes ?? !options.http };
    return {
      module: HealthModule,
      // terminus logs a failed check as an error with its stack; readiness is polled, so a
      // down dependency would flood the logs: the report carries the reason instead.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: options.http ? [HealthController] : [],
      providers: [
        { provide: READINESS_OPTIONS, useValue: readiness },
        Readiness,
        ...(options.serveOn
          ? [{ provide: HEALTH_HTTP_OPTIONS, useValue: options.serveOn }, HealthHttpServer]
          : []),
      ],
      exports: [Readiness],
    };
  }
}
