import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import {
  DeadLetterNotFoundError,
  DeadLetterReadError,
  InvalidDeadLetterInputError,
} from '@handoff/dead-letters';

/** The part of Express's response this filter uses (no Express types are installed). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

type ToolingError = InvalidDeadLetterInputError | DeadLetterNotFoundError | DeadLetterReadError;

/** The dead-letter tooling refuses in its own terms; this is where they become HTTP answers. */
@Catch(InvalidDeadLetterInputError, DeadLetterNotFoundError, DeadLetterReadError)
export class DeadLetterErrorsFilter implements ExceptionFilter<ToolingError> {
  catch(error: ToolingError, host: ArgumentsHost): void {
    const [statusCode, label] =
      error instanceof DeadLetterNotFoundError
        ? [404, 'Not Found']
        : error instanceof DeadLetterReadError
          ? [503, 'Service Unavailable']
          : [400, 'Bad Request'];
    host
      .switchToHttp()
      .getResponse<JsonResponse>()
      .status(statusCode)
      .json({ statusCode, error: label, message: error.message });
  }
}
