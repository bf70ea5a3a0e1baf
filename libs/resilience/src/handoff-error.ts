/**
 * The small error taxonomy every edge translates into. Adapters classify failures where they
 * happen; only the consumer edge maps a class to the retry path, a dead letter or a rejection event.
 */
export type ErrorClass = 'retryable' | 'permanent' | 'business-rejection';

/** Where in the handling of one record the failure happened (carried into dead letters). */
export type FailureStage = 'deserialize' | 'validate' | 'vendor-call' | 'persist' | 'publish';

export interface HandoffErrorOptions {
  cause?: unknown;
  stage?: FailureStage;
  /** The integration point whose failure this is (e.g. `handoff-to-mno`); its owner owns the dead letter. */
  integrationPoint?: string;
}

export abstract class HandoffError extends Error {
  abstract readonly errorClass: ErrorClass;
  readonly stage: FailureStage | undefined;
  readonly integrationPoint: string | undefined;

  /** @param code dotted, stable and greppable, e.g. `MNO.ORDER_REJECTED` */
  constructor(
    readonly code: string,
    message: string,
    options: HandoffErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.stage = options.stage;
    this.integrationPoint = options.integrationPoint;
  }

  get retryable(): boolean {
    return this.errorClass === 'retryable';
  }
}

/** Worth trying again later: timeouts, 5xx, connection errors, an open breaker. */
export class RetryableError extends HandoffError {
  readonly errorClass = 'retryable' as const;
}

/** Will fail the same way every time: malformed data, unknown schema, a 4xx that is not a business answer. */
export class PermanentError extends HandoffError {
  readonly errorClass = 'permanent' as const;
}

/** An ordinary business outcome (e.g. ICCID already bound): becomes an event, never a dead letter. */
export class BusinessRejection extends HandoffError {
  readonly errorClass = 'business-rejection' as const;
  constructor(
    code: string,
    readonly reason: string,
    message: string,
    options: HandoffErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/**
 * Errors nobody classified are treated as retryable: a bug or an unexpected outage gets a few
 * more chances and then a dead letter, which is safer than dropping the record at once.
 */
export function classifyError(error: unknown): ErrorClass {
  return error instanceof HandoffError ? error.errorClass : 'retryable';
}

export function stageOf(error: unknown, fallback: FailureStage): FailureStage {
  return error instanceof HandoffError && error.stage ? error.stage : fallback;
}
