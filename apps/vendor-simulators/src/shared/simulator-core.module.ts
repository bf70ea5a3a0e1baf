import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { Logger } from '@handoff/observability';
import type { z } from 'zod';
import type { ErrorBodyFormatter } from './errors/simulator.error';
import { SimulatorExceptionFilter } from './errors/simulator-exception.filter';
import { FaultAdminController } from './faults/fault-admin.controller';
import { FaultBook } from './faults/fault-book';
import type { FaultRule } from './faults/fault-rule.schema';
import { FaultInterceptor } from './faults/fault.interceptor';
import { CallStats } from './stats/call-stats';
import { AnswerHolds } from './timing/answer-holds';
import { SIMULATOR_LOGGER } from './simulator.tokens';

export interface SimulatorCoreOptions<R extends FaultRule> {
  logger: Logger;
  /** The names faults can target (`*` is added); handlers carry them with `@SimulatedEndpoint`. */
  endpoints: readonly string[];
  faultRule: z.ZodType<R, z.ZodTypeDef, unknown>;
  initialFaults: readonly R[];
  /** Shapes error bodies the way the simulated vendor does. */
  errorBody: ErrorBodyFormatter;
}

/**
 * What every simulator shares: fault injection and its admin API, call counters, vendor-shaped
 * errors. Each simulator is its own Nest application importing this once, so the global
 * interceptor and filter never cross from one simulator to another.
 */
@Module({})
export class SimulatorCoreModule {
  static forRoot<R extends FaultRule>(options: SimulatorCoreOptions<R>): DynamicModule {
    const filter = new SimulatorExceptionFilter(options.errorBody, options.logger);
    return {
      module: SimulatorCoreModule,
      controllers: [FaultAdminController],
      providers: [
        { provide: SIMULATOR_LOGGER, useValue: options.logger },
        { provide: FaultBook, useValue: new FaultBook(options.faultRule, options.initialFaults) },
        { provide: CallStats, useValue: new CallStats(options.endpoints) },
        AnswerHolds,
        { provide: APP_INTERCEPTOR, useClass: FaultInterceptor },
        { provide: APP_FILTER, useValue: filter },
      ],
      exports: [SIMULATOR_LOGGER, FaultBook, CallStats, AnswerHolds],
    };
  }
}
