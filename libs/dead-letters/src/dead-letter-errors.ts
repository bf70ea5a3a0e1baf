/**
 * What the dead-letter tooling refuses, in its own terms; the HTTP edge maps these to 4xx and the
 * CLI prints their message. They are not messaging errors, so they stay out of the resilience taxonomy.
 */
export class InvalidDeadLetterInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDeadLetterInputError';
  }
}

export class DeadLetterNotFoundError extends Error {
  constructor(readonly refId: string) {
    super(`no dead letter at ${refId}`);
    this.name = 'DeadLetterNotFoundError';
  }
}

/** The dead-letter topics could not be read: the broker is down, or a named group has no `.dlt` topic. */
export class DeadLetterReadError extends Error {
  constructor(topics: readonly string[], cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`cannot read ${topics.join(', ')}: ${why}`, { cause });
    this.name = 'DeadLetterReadError';
  }
}
