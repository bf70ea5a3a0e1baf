import { DeferredError, type DeferredErrorOptions } from './deferred-error';

export interface AwaitingCompletionOptions extends DeferredErrorOptions {
  /** How long the operation may take in all, from the first wait; then the wait is a failure. */
  waitLimitMs: number;
}

/**
 * The work was handed to a vendor that answers asynchronously (an MNO order in progress, a port
 * that takes hours): not a failure. The record waits in the retry path without spending its retry
 * budget, checked again less often the longer it waits, until `waitLimitMs` has passed since the
 * first wait; then it fails permanently, owned by the integration point it waits on.
 */
export class AwaitingCompletionError extends DeferredError {
  readonly waitLimitMs: number;

  constructor(code: string, message: string, options: AwaitingCompletionOptions) {
    super(code, message, options);
    this.waitLimitMs = options.waitLimitMs;
  }
}
