import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';

interface ErrorResponse {
  status(code: number): { json(body: unknown): unknown };
}

interface ErrorBody {
  error: string;
  message?: string;
  [extra: string]: unknown;
}

/** `404` → `not_found`: Nest's status names as our error codes. */
const codeOf = (status: number) =>
  status === 500 ? 'internal_error' : (HttpStatus[status] ?? 'error').toLowerCase();

function bodyOf(exception: HttpException): ErrorBody {
  const response = exception.getResponse();
  const ours = typeof response === 'object' && (response as Partial<ErrorBody>).error;
  // Controllers throw bodies with a snake_case code; Nest's own carry a reason phrase instead.
  if (typeof ours === 'string' && /^[a-z_]+$/.test(ours)) return response as ErrorBody;
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = typeof raw === 'string' ? raw : exception.message;
  return { error: codeOf(exception.getStatus()), message };
}

/**
 * Every error leaves the gateway as `{ error, message?, ... }`: the controllers' exceptions, the
 * guard's 401s, Nest's own 404s, and anything unexpected (a 500, logged here and only here).
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly log = new Logger(HttpErrorsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ErrorResponse>();
    if (exception instanceof HttpException) {
      response.status(exception.getStatus()).json(bodyOf(exception));
      return;
    }
    this.log.error(exception instanceof Error ? exception : { error: String(exception) });
    response
      .status(500)
      .json({ error: 'internal_error', message: 'the gateway failed; it is logged' });
  }
}
