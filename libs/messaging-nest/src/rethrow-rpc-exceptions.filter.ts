import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns any unknown error into `{status: 'error'}` and loses its class.
 * Our transport needs the original error to tell retryable from permanent, so it is passed on.
 * https://github.com/nestjs/nest/blob/master/packages/microservices/exceptions/base-rpc-exception-filter.ts
 */
@Catch()
export class RethrowRpcExceptionsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
