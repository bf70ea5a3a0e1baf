import { PermanentError } from '@handoff/resilience';

/**
 * A record names a schema this registry does not know. Permanent: the same bytes fail the same way
 * every time, so the consumer edge dead-letters the record instead of retrying it.
 */
export class UnknownSchemaError extends PermanentError {
  constructor(
    readonly schemaRef: { id?: number; fullName?: string; version?: number },
    message: string,
  ) {
    super('CONTRACTS.UNKNOWN_SCHEMA', message, { stage: 'deserialize' });
  }
}

/** The contracts directory is inconsistent (a schema without an id, an id without a file, ...). */
export class ContractsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid contracts:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContractsError';
  }
}
