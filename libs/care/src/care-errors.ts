import { BusinessRejection } from '@handoff/resilience';

/** The identifier names no line and no activation Handoff knows (404 at the API). */
export class SubscriberNotFoundError extends BusinessRejection {
  constructor(maskedIdentifier: string) {
    super(
      'CARE.SUBSCRIBER_UNKNOWN',
      'unknown-subscriber',
      `no subscriber, line or activation is known by ${maskedIdentifier}`,
    );
  }
}

/** This key asked for more fresh line reads than its minute allows (429 with Retry-After). */
export class LineReadLimitedError extends BusinessRejection {
  constructor(
    readonly retryAfterSeconds: number,
    perMinute: number,
  ) {
    super(
      'CARE.LINE_READS_LIMITED',
      'rate-limited',
      `at most ${perMinute} fresh MNO line reads a minute per key; try again in ${retryAfterSeconds}s`,
    );
  }
}
