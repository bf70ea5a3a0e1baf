import type { INestMicroservice } from '@nestjs/common';
import { HealthHttpServer, type HealthHttpOptions } from '@handoff/health';
import { ConsumerGroups, Topics } from '@handoff/messaging';
import { startConsumerService } from '@handoff/messaging-nest';
import type { LogLevel } from '@handoff/observability';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { USAGE_FEED_POINT, UsageIngestion } from '@handoff/usage-ingestion';
import type { UsageServiceConfig } from './usage-service.config';
import { USAGE_SERVICE, UsageServiceModule } from './usage-service.module';

export interface UsageStartOptions extends Omit<UsageServiceConfig, 'health' | 'retryDelaysMs'> {
  retryDelaysMs?: readonly number[];
  /** USAGE_PORT and USAGE_HOST; any free loopback port unless given. */
  health?: HealthHttpOptions;
  /** Tests run their own group so they never share offsets with the demo. */
  groupId?: string;
  /** The benchmark reads a throwaway copy of the feed, so its records never reach the real one. */
  feedTopic?: string;
  logLevel?: LogLevel;
  now?: () => Date;
}

export interface RunningUsageService {
  app: INestMicroservice;
  healthPort: number;
  close(): Promise<void>;
}

/** Starts the usage service: its consumer of the feed in batch mode, and its housekeeping. */
export async function startUsageService(options: UsageStartOptions): Promise<RunningUsageService> {
  const ownerTeam =
    loadOwnershipMatrix().integrationPoint(USAGE_FEED_POINT)?.responsibleTeam ?? 'unowned';
  const ingestion = new UsageIngestion({
    lateAfterMs: options.ingestion.lateAfterMs,
    actor: `handoff/${USAGE_SERVICE}`,
    ownerTeam,
    now: options.now,
  });
  const app = await startConsumerService(
    UsageServiceModule.forRoot({
      ingestion: options.ingestion,
      health: options.health ?? { port: 0, host: '127.0.0.1' },
      logLevel: options.logLevel,
      now: options.now,
    }),
    {
      groupId: options.groupId ?? ConsumerGroups.Usage,
      topics: [options.feedTopic ?? Topics.UsageFeed],
      retryDelaysMs: options.retryDelaysMs,
      batchHandler: ingestion.handle,
    },
  );
  return { app, healthPort: app.get(HealthHttpServer).port ?? 0, close: () => app.close() };
}
