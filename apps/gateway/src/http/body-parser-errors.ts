/**
 * Express's JSON parser fails before any Nest handler runs, and Nest would turn its error into a
 * bare 400 with no hint that the JSON was at fault. This error middleware, registered right after
 * the parser, answers those failures itself in the gateway's error shape.
 */

/** The http-errors the body parser raises: `entity.parse.failed`, `entity.too.large`, ... */
interface ParserError {
  type: string;
  status: number;
  message: string;
}

interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

const isParserError = (e: unknown): e is ParserError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as ParserError).type === 'string' &&
  (e as ParserError).type.startsWith('entity.') &&
  typeof (e as ParserError).status === 'number';

function bodyOf(error: ParserError): { error: string; message: string } {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        error: 'malformed_json',
        message: `the request body is not valid JSON: ${error.message}`,
      };
    case 'entity.too.large':
      return { error: 'payload_too_large', message: 'the request body is larger than 64 kB' };
    default:
      return { error: 'bad_request', message: error.message };
  }
}

/** Express tells error middleware by its four parameters. */
export function answerBodyParserErrors(
  error: unknown,
  _request: unknown,
  response: JsonResponse,
  next: (error: unknown) => void,
): void {
  if (isParserError(error) && error.status < 500) {
    response.status(error.status).json(bodyOf(error));
  } else {
    next(error);
  }
}

export const JSON_BODY_LIMIT = '64kb';
