import {
  isEpochMillis,
  isTimestamp,
  isTraceparent,
  isUuidId,
  type KeyAndHeaderFormats,
} from '@handoff/card-data';
import { CeHeaders, DeadLetterHeaders, ReplayHeaders, RetryHeaders } from './headers';

/**
 * The formats of a record's key and of the headers that have one of their own, so that a trace id
 * or a timestamp is never taken for a card number (decision 44). A value that does not fit, and
 * every other header (a BSS's own `x-dealer-note`, `ce_source`, `tracestate`...), is searched
 * like free text.
 */
export const KEY_AND_HEADER_FORMATS: KeyAndHeaderFormats = {
  // The key is the subject: a subscriber id, or the activation id when the BSS names none.
  key: isUuidId,
  headers: {
    [CeHeaders.id]: isUuidId,
    [CeHeaders.subject]: isUuidId,
    [CeHeaders.correlationId]: isUuidId,
    [CeHeaders.causationId]: isUuidId,
    [CeHeaders.time]: isTimestamp,
    [CeHeaders.traceparent]: isTraceparent,
    // What Handoff writes on its retry tiers and replays, read again when the record comes back.
    [RetryHeaders.dueAt]: isEpochMillis,
    [RetryHeaders.waitingSince]: isEpochMillis,
    [RetryHeaders.firstFailureAt]: isTimestamp,
    [RetryHeaders.lastFailureAt]: isTimestamp,
    [DeadLetterHeaders.originalTimestamp]: isEpochMillis,
    [ReplayHeaders.replayedAt]: isTimestamp,
  },
};
