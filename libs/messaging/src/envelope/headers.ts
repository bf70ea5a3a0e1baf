/**
 * Header names on every record. CloudEvents Kafka protocol binding, binary mode:
 * https://github.com/cloudevents/spec/blob/main/cloudevents/bindings/kafka-protocol-binding.md
 */
export const CeHeaders = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  contentType: 'content-type',
  traceparent: 'traceparent',
  integrationPoint: 'handoff_integration_point',
  ownerTeam: 'handoff_owner_team',
} as const;

export const CE_SPEC_VERSION = '1.0';
/** Avro binary in the Confluent wire format (magic byte + schema id + Avro body). */
export const AVRO_CONTENT_TYPE = 'application/avro';

/** Set on records in a retry topic; the original-* values stay those of the first failure. */
export const RetryHeaders = {
  attempts: 'handoff_retry_attempts',
  dueAt: 'handoff_retry_due_at',
  tier: 'handoff_retry_tier',
  firstFailureAt: 'handoff_first_failure_at',
  lastFailureAt: 'handoff_last_failure_at',
  lastErrorCode: 'handoff_last_error_code',
  lastErrorMessage: 'handoff_last_error_message',
  /** When the record first waited on an outside completion (epoch ms); its wait limit counts from here. */
  waitingSince: 'handoff_waiting_since',
} as const;

/** Replay provenance, set by ops tooling when a dead letter is sent back to its consumer group. */
export const ReplayHeaders = {
  replayId: 'handoff_replay_id',
  replayedBy: 'handoff_replayed_by',
  replayedAt: 'handoff_replayed_at',
  replayReason: 'handoff_replay_reason',
} as const;

/**
 * Dead-letter context. Spring Kafka's `kafka_dlt-*` names where one exists, so existing Kafka
 * tooling shows them; ours (`handoff_*`) for what Spring has no name for. Values are text.
 */
export const DeadLetterHeaders = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition',
  originalOffset: 'kafka_dlt-original-offset',
  originalTimestamp: 'kafka_dlt-original-timestamp',
  originalConsumerGroup: 'kafka_dlt-original-consumer-group',
  exceptionFqcn: 'kafka_dlt-exception-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  exceptionStacktrace: 'kafka_dlt-exception-stacktrace',
  errorClass: 'handoff_error_class',
  errorCode: 'handoff_error_code',
  stage: 'handoff_failure_stage',
  attempts: 'handoff_attempts',
  firstFailureAt: RetryHeaders.firstFailureAt,
  lastFailureAt: RetryHeaders.lastFailureAt,
  ownerTeam: CeHeaders.ownerTeam,
  integrationPoint: CeHeaders.integrationPoint,
  /**
   * A UUID written once into each dead-letter record: ops decisions are keyed by it, because a
   * topic's offsets restart when it is recreated or moves to another cluster (decision 23).
   */
  uid: 'handoff_dead_letter_uid',
} as const;
