import {
  isEpochMillis,
  isImsi,
  isMsisdn,
  isTimestamp,
  isTraceparent,
  isUuidId,
  type KeyAndHeaderFormats,
  type OwnFieldFormats,
  type ValueFormat,
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

/**
 * Event types whose subject is the MNO's IMSI or MSISDN rather than a subscriber id: the usage
 * feed is keyed as the MNO keys it (decision 58), and a rejected CDR has no subscriber. One
 * US IMSI in ten passes Luhn with a brand digit, so without this the feed would refuse a tenth of
 * its records as card data (decision 72).
 */
const LINE_NUMBER_SUBJECTS: ReadonlySet<string> = new Set([
  'handoff.usage.UsageRecordDelivered',
  'handoff.usage.UsageRecordRejected',
]);

const isLineNumber: ValueFormat = (value) => isImsi(value) || isMsisdn(value);

const LINE_NUMBER_SUBJECT_FORMATS: KeyAndHeaderFormats = {
  key: isLineNumber,
  headers: { ...KEY_AND_HEADER_FORMATS.headers, [CeHeaders.subject]: isLineNumber },
};

/** The formats of a record's key and headers, by its event type (`ce_type`). */
export function keyAndHeaderFormatsOf(eventType: string | undefined): KeyAndHeaderFormats {
  return eventType !== undefined && LINE_NUMBER_SUBJECTS.has(eventType)
    ? LINE_NUMBER_SUBJECT_FORMATS
    : KEY_AND_HEADER_FORMATS;
}

/** Formats an event type gives its own top-level fields (its `subjectId`), by the same rule. */
export function ownFieldFormatsOf(eventType: string): OwnFieldFormats {
  return LINE_NUMBER_SUBJECTS.has(eventType) ? { subjectId: isLineNumber } : {};
}
