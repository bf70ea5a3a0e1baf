import { STATUS_CODES, type ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Logger } from '@handoff/observability';
import {
  type ErrorBodyFormatter,
  type ErrorDescription,
  RawAnswer,
  SimulatorError,
} from './simulator.error';

/** `404` → `NOT_FOUND`, `503` → `SERVICE_UNAVAILABLE`. */
export function codeForStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function reasonForStatus(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function describe(exception: unknown): ErrorDescription | undefined {
  if (exception instanceof SimulatorError) {
    const { code, reason, message } = exception;
    return { status: exception.getStatus(), code, reason, message };
  }
  if (!(exception instanceof HttpException)) return undefined;
  const status = exception.getStatus();
  const reason = reasonForStatus(status);
  return { status, code: codeForStatus(status), reason, message: exception.message };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(body);
}

/**
 * Every error leaves a simulator in its vendor's error format, including Nest's own (unknown route,
 * unparseable JSON), so a client under test never meets a shape the real vendor would not send.
 */
@Catch()
export class SimulatorExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly format: ErrorBodyFormatter,
    private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<ServerResponse>();
    if (res.headersSent) return;
    if (exception instanceof RawAnswer) return send(res, exception.status, exception.body);
    const known = describe(exception);
    if (!known) this.logger.error({ err: exception }, 'simulator failed unexpectedly');
    const error = known ?? {
      status: 500,
      code: codeForStatus(500),
      reason: reasonForStatus(500),
      message: 'the simulator failed unexpectedly',
    };
    send(res, error.status, JSON.stringify(this.format(error)));
  }
}
