import {
  EventTypes,
  type DeadLetterErrorClass,
  type DeadLetterRecorded,
  type DeadLetterStage,
} from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '../envelope/event-envelope';
import { DeadLetterHeaders } from '../envelope/headers';
import type { OutgoingRecord } from '../port/messaging.port';
import { Topics } from '../topics/topic-catalog';

const ERROR_CLASSES: Record<string, DeadLetterErrorClass> = {
  retryable: 'retryable',
  permanent: 'permanent',
  'business-rejection': 'businessRejection',
};
const STAGES: Record<string, DeadLetterStage> = {
  deserialize: 'deserialize',
  validate: 'validate',
  'vendor-call': 'vendorCall',
  persist: 'persist',
  publish: 'publish',
};

/**
 * The fact that a record was dead-lettered, announced on the ops topic with the failed event as
 * its cause: the audit ledger then shows it in the correlation's trail, with its owner.
 */
export function deadLetterRecorded(
  deadLetter: OutgoingRecord,
  cause: EventEnvelope,
  groupId: string,
): NewEvent<DeadLetterRecorded> {
  const h = deadLetter.headers;
  const original = {
    topic: h[DeadLetterHeaders.originalTopic] ?? '',
    partition: Number(h[DeadLetterHeaders.originalPartition] ?? 0),
    offset: Number(h[DeadLetterHeaders.originalOffset] ?? 0),
  };
  const now = Date.now();
  return {
    type: EventTypes.DeadLetterRecorded,
    subject: cause.subject,
    topic: Topics.OpsAudit,
    // Owned by whoever owns the failure, so the trail shows Network Ops, not the ops topic's owner.
    integrationPoint: h[DeadLetterHeaders.integrationPoint],
    data: {
      subjectId: cause.subject,
      deadLetterId: `${groupId}:${original.topic}/${original.partition}/${original.offset}`,
      original,
      originalEventType: cause.type,
      originalEventId: cause.id,
      consumerGroup: groupId,
      deadLetterTopic: deadLetter.topic,
      errorClass: ERROR_CLASSES[h[DeadLetterHeaders.errorClass] ?? ''] ?? 'unknown',
      errorCode: h[DeadLetterHeaders.errorCode] ?? 'UNCLASSIFIED',
      errorMessage: h[DeadLetterHeaders.exceptionMessage] ?? '',
      stage: STAGES[h[DeadLetterHeaders.stage] ?? ''] ?? 'unknown',
      attempts: Number(h[DeadLetterHeaders.attempts] ?? 1),
      ownerTeam: h[DeadLetterHeaders.ownerTeam] ?? 'unowned',
      integrationPoint: h[DeadLetterHeaders.integrationPoint] ?? null,
      firstFailedAt: Date.parse(h[DeadLetterHeaders.firstFailureAt] ?? '') || now,
      recordedAt: now,
    },
  };
}
