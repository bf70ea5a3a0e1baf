import { PermanentError, RetryableError, type HandoffErrorOptions } from '@handoff/resilience';

/**
 * The schema registry did not answer (refused, timed out, 5xx, or refused our credentials). Says
 * nothing about the record: a consumer pauses and fetches it again later, it never dead-letters it.
 */
export class SchemaRegistryUnavailableError extends RetryableError {
  constructor(message: string, options: HandoffErrorOptions = {}) {
    super('MESSAGING.SCHEMA_REGISTRY_UNAVAILABLE', message, { stage: 'deserialize', ...options });
  }
}

/** The registry answered and refused: an incompatible or invalid schema, an unknown subject... */
export class SchemaRegistryRejectedError extends PermanentError {
  constructor(
    readonly status: number,
    /** The registry's own code, e.g. 409 (incompatible) or 42201 (invalid schema). */
    readonly registryCode: number | undefined,
    message: string,
  ) {
    super('MESSAGING.SCHEMA_REGISTRY_REJECTED', message, { stage: 'deserialize' });
  }
}
