import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Logger } from '@handoff/observability';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { RawAnswer, SimulatorError } from '../errors/simulator.error';
import { codeForStatus, reasonForStatus } from '../errors/simulator-exception.filter';
import { CallStats, type CallOutcome } from '../stats/call-stats';
import { AnswerHolds } from '../timing/answer-holds';
import { SIMULATOR_LOGGER } from '../simulator.tokens';
import { FaultBook, happens } from './fault-book';
import type { FaultRule, MalformedKind } from './fault-rule.schema';
import { malformedBody } from './malformed-answer';
import { SimulatedEndpoint } from './simulated-endpoint.decorator';

/** Far beyond any sane client timeout: the client gives up long before the answer comes. */
export const SLOW_ANSWER_MS = 120_000;

interface Call {
  endpoint: string;
  status: number;
  res: ServerResponse;
}

/**
 * Applies the faults in force to every `@SimulatedEndpoint` handler, in the order a real outage
 * would show them: down (no latency), slow, failing, hanging; then the handler runs, and its answer
 * may still be garbled or withheld, in which case the vendor has done the work anyway.
 */
@Injectable()
export class FaultInterceptor implements NestInterceptor {
  private malformedCount = 0;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(FaultBook) private readonly faults: FaultBook,
    @Inject(CallStats) private readonly stats: CallStats,
    @Inject(AnswerHolds) private readonly holds: AnswerHolds,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const endpoint = this.reflector.get(SimulatedEndpoint, context.getHandler());
    if (endpoint === undefined) return next.handle();
    const http = context.switchToHttp();
    // Nest answers a POST with 201 and anything else with 200 unless told otherwise (`@HttpCode`).
    const declared = this.reflector.get<number | undefined>(
      HTTP_CODE_METADATA,
      context.getHandler(),
    );
    const status = declared ?? (http.getRequest<IncomingMessage>().method === 'POST' ? 201 : 200);
    return from(this.answer({ endpoint, status, res: http.getResponse<ServerResponse>() }, next));
  }

  private async answer(call: Call, next: CallHandler): Promise<unknown> {
    const rule = this.faults.effective(call.endpoint);
    if (rule.outage) throw this.injected(call, 'outage', 503, 'simulated outage');
    if (rule.latencyMs) await this.holds.wait(call.res, rule.latencyMs);
    if (happens(rule.errorRate)) {
      throw this.injected(call, 'injectedError', rule.errorStatus ?? 503, 'simulated error');
    }
    if (happens(rule.timeoutRate)) {
      this.record(call, 'timeout');
      return this.holds.never();
    }
    const result = await this.handle(call, next);
    if (happens(rule.malformedRate)) {
      this.record(call, 'malformed');
      throw new RawAnswer(call.status, malformedBody(this.malformedKind(rule)));
    }
    if (rule.processThenTimeout) {
      this.record(call, 'slowAnswer');
      await this.holds.wait(call.res, SLOW_ANSWER_MS);
      return result;
    }
    this.record(call, 'ok');
    return result;
  }

  private async handle(call: Call, next: CallHandler): Promise<unknown> {
    try {
      return await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const clientError = error instanceof HttpException && error.getStatus() < 500;
      this.record(call, clientError ? 'rejected' : 'failed');
      throw error;
    }
  }

  private injected(call: Call, outcome: CallOutcome, status: number, message: string): Error {
    this.record(call, outcome);
    return new SimulatorError(status, codeForStatus(status), reasonForStatus(status), message);
  }

  /** Without a kind, malformed answers alternate between the two, starting with invalid JSON. */
  private malformedKind(rule: Partial<FaultRule>): MalformedKind {
    if (rule.malformedKind) return rule.malformedKind;
    return this.malformedCount++ % 2 === 0 ? 'invalidJson' : 'missingFields';
  }

  private record(call: Call, outcome: CallOutcome): void {
    this.stats.record(call.endpoint, outcome);
    const level = outcome === 'ok' || outcome === 'rejected' ? 'debug' : 'info';
    this.logger[level]({ endpoint: call.endpoint, outcome }, 'simulated call answered');
  }
}
