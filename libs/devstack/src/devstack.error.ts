import { PermanentError } from '@handoff/resilience';

/** A failure the developer has to act on; the message says what to do or which log to read. */
export class DevstackError extends PermanentError {}
