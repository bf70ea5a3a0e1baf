import { createHash } from 'node:crypto';
import { PermanentError } from '@handoff/resilience';
import type { Headers, IncomingRecord } from '../port/messaging.port';
import type { EventEnvelope, Ownership } from './event-envelope';
import { CE_SPEC_VERSION, CeHeaders, DeadLetterHeaders } from './headers';

/** The integration point where records of a topic enter Handoff (the ownership matrix knows). */
export type TopicOwnership = (topic: string) => Ownership | undefined;

/**
 * What the CloudEvents spec requires of every event. Everything else an event carries has a
 * default here, so a producer that is not Handoff (a BSS, kcat) needs to send only these.
 */
export const REQUIRED_CE_HEADERS = [
  CeHeaders.specVersion,
  CeHeaders.id,
  CeHeaders.source,
  CeHeaders.type,
] as const;

export function requireSpecAttributes(headers: Headers): void {
  const missing = REQUIRED_CE_HEADERS.filter((name) => !headers[name]);
  if (missing.length > 0) {
    throw new PermanentError(
      'MESSAGING.MISSING_HEADERS',
      `missing CloudEvents headers: ${missing.join(', ')}`,
      { stage: 'deserialize' },
    );
  }
  if (headers[CeHeaders.specVersion] !== CE_SPEC_VERSION) {
    throw new PermanentError(
      'MESSAGING.UNSUPPORTED_SPEC_VERSION',
      `ce_specversion "${headers[CeHeaders.specVersion]}" is not supported (expected "${CE_SPEC_VERSION}")`,
      { stage: 'deserialize' },
    );
  }
}

/**
 * The envelope of a decoded record. Optional attributes default by Handoff's own rules, the same
 * every time the record is read (main topic, retry tier, audit ledger, dead-letter browse):
 * - correlation and causation id: the event's own id (the first event of a chain is its own cause);
 * - traceparent: the root of a new trace whose ids derive from `ce_source` and `ce_id`;
 * - subject: the record key; time: the record's timestamp (of the first delivery, after a retry);
 * - integration point and owner: where the record's topic enters Handoff.
 */
export function incomingEnvelope(
  record: IncomingRecord,
  decoded: { fullName: string; data: unknown },
  ownershipOf?: TopicOwnership,
): EventEnvelope {
  const h = record.headers;
  const id = h[CeHeaders.id];
  const source = h[CeHeaders.source];
  const owned = h[CeHeaders.integrationPoint] && h[CeHeaders.ownerTeam];
  // A retry-tier record is a new record on another topic; its origin names the topic it came in on.
  const owner = owned
    ? undefined
    : ownershipOf?.(h[DeadLetterHeaders.originalTopic] || record.topic);
  return {
    id,
    type: decoded.fullName,
    source,
    time: h[CeHeaders.time] || recordTime(record),
    subject: h[CeHeaders.subject] || recordKey(record),
    correlationId: h[CeHeaders.correlationId] || id,
    causationId: h[CeHeaders.causationId] || id,
    traceparent: h[CeHeaders.traceparent] || rootTraceparentOf(source, id),
    integrationPoint: h[CeHeaders.integrationPoint] || (owner?.integrationPoint ?? ''),
    ownerTeam: h[CeHeaders.ownerTeam] || (owner?.ownerTeam ?? ''),
    data: decoded.data,
  };
}

/**
 * A W3C traceparent (version 00, sampled) for an event that arrived without one. Its trace and
 * span ids are a hash of the CloudEvents identity (source + id, unique per the spec), so every
 * consumer group and every retry of the event sees the same trace.
 */
export function rootTraceparentOf(source: string, id: string): string {
  const hash = createHash('sha256').update(`${source}\n${id}`).digest();
  // An all-zero id is invalid; forcing one bit keeps the (astronomically unlikely) case valid.
  hash[15] |= 1;
  hash[23] |= 1;
  return `00-${hash.toString('hex', 0, 16)}-${hash.toString('hex', 16, 24)}-01`;
}

function recordKey(record: IncomingRecord): string {
  if (record.key) return record.key;
  throw new PermanentError(
    'MESSAGING.MISSING_SUBJECT',
    'the record has neither a ce_subject header nor a key to stand for the subject',
    { stage: 'deserialize' },
  );
}

function recordTime(record: IncomingRecord): string {
  // After a retry, the event's time is still that of the record it first arrived in.
  const epochMs = Number(record.headers[DeadLetterHeaders.originalTimestamp] || record.timestamp);
  if (!Number.isFinite(epochMs) || epochMs < 0) {
    throw new PermanentError(
      'MESSAGING.MISSING_TIME',
      'the record has neither a ce_time header nor a timestamp to stand for the time',
      { stage: 'deserialize' },
    );
  }
  return new Date(epochMs).toISOString();
}
