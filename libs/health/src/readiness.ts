import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { loadInfraConfig } from '@handoff/config';
import { Backbone, kafkaAnswers } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';

/** Each check gives up after this: a dependency that slow is as good as down for a caller. */
export const CHECK_TIMEOUT_MS = 1_000;

export const READINESS_OPTIONS = Symbol('READINESS_OPTIONS');

export interface ReadinessOptions {
  /**
   * The service runs consumer groups: until the first is started (a Nest microservice starts its
   * transport after the app's bootstrap, when the health port already answers) it is not ready.
   */
  consumes: boolean;
}

/** What `/health/ready` answers: terminus's result, with every failing check named in `error`. */
export type ReadinessReport = HealthCheckResult;

/**
 * Readiness of one service: PostgreSQL answers a query, Kafka answers a metadata call, and each
 * of the service's consumer groups runs. Liveness is only that the process answers.
 */
@Injectable()
export class Readiness {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(Backbone) private readonly backbone: Backbone,
    @Optional()
    @Inject(READINESS_OPTIONS)
    private readonly options: ReadinessOptions = { consumes: false },
  ) {}

  /** Resolves with the report and whether every check is up; never throws. */
  async check(): Promise<{ ready: boolean; report: ReadinessReport }> {
    try {
      const report = await this.health.check([
        () => this.database(),
        () => this.kafka(),
        () => this.consumerGroups(),
      ]);
      return { ready: true, report };
    } catch (error) {
      // terminus throws a 503 exception whose response is the report with the failing checks.
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (!isReport(response)) throw error;
      return { ready: false, report: response };
    }
  }

  private async database(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('database');
    const failure = await within(this.db.query('SELECT 1'));
    return failure ? session.down({ message: failure }) : session.up();
  }

  private async kafka(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('kafka');
    const probe = kafkaAnswers(loadInfraConfig().kafka, 'handoff', CHECK_TIMEOUT_MS);
    const failure = await within(probe);
    return failure ? session.down({ message: failure }) : session.up();
  }

  private consumerGroups(): HealthIndicatorResult {
    const session = this.indicators.check('consumerGroups');
    const { up, details } = consumerGroupsVerdict(
      this.backbone.consumerGroups(),
      this.options.consumes,
    );
    return up ? session.up(details) : session.down(details);
  }
}

/**
 * Up when every group runs, and, for a service that consumes, once it has started one at all;
 * the details name the running groups and the stopped ones.
 */
export function consumerGroupsVerdict(
  groups: readonly { groupId: string; running: boolean }[],
  consumes: boolean,
): { up: boolean; details: Record<string, unknown> } {
  const stopped = groups.filter((g) => !g.running).map((g) => g.groupId);
  const running = groups.filter((g) => g.running).map((g) => g.groupId);
  if (groups.length === 0 && consumes) {
    return { up: false, details: { running, message: 'no consumer group started yet' } };
  }
  if (stopped.length > 0) return { up: false, details: { running, stopped } };
  return { up: true, details: { running } };
}

/** Undefined when `probe` settles well within the timeout, else why it did not. */
async function within(probe: Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((done) => {
    timer = setTimeout(() => done(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  const outcome = probe.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isReport(value: unknown): value is ReadinessReport {
  return typeof value === 'object' && value !== null && 'status' in value && 'details' in value;
}
