import { DeadLetterHeaders, type EventCodec, type IncomingRecord } from '@handoff/messaging';
import { maskPersonalData, maskSubscriberId } from '@handoff/observability';
import type { OwnershipMatrix } from '@handoff/ownership';
import type { DeadLetter, DeadLetterDetail, DeadLetterOwner, DecodedPayload } from '../dead-letter';

/** `show`: the payload decoded with today's schemas (personal data masked), and the full owner. */
export function detailOf(
  record: IncomingRecord,
  deadLetter: DeadLetter,
  codec: EventCodec,
  ownership: OwnershipMatrix,
): DeadLetterDetail {
  return {
    ...deadLetter,
    owner: ownerOf(deadLetter.owner, ownership),
    payload: decodePayload(record, codec),
    stacktrace: record.headers[DeadLetterHeaders.exceptionStacktrace] ?? '',
  };
}

export function decodePayload(record: IncomingRecord, codec: EventCodec): DecodedPayload {
  try {
    const envelope = codec.fromRecord(record);
    return { decoded: true, schemaType: envelope.type, data: masked(envelope.data) };
  } catch (error) {
    return {
      decoded: false,
      reason: error instanceof Error ? error.message : String(error),
      bytes: record.value?.length ?? 0,
    };
  }
}

/**
 * avsc decodes records into class instances, which the masker leaves alone, so the payload is made
 * plain first. Every contract's `subjectId` is a subscriber id or an ICCID: masked like a subject.
 */
function masked(data: unknown): unknown {
  const plain = maskPersonalData(JSON.parse(JSON.stringify(data)) as unknown);
  if (plain && typeof plain === 'object' && 'subjectId' in plain) {
    return { ...plain, subjectId: maskSubscriberId(plain.subjectId) };
  }
  return plain;
}

function ownerOf(owner: DeadLetter['owner'], ownership: OwnershipMatrix): DeadLetterOwner {
  if (ownership.integrationPoint(owner.integrationPoint)) {
    const o = ownership.owner(owner.integrationPoint);
    return {
      team: o.team,
      teamName: o.teamName,
      integrationPoint: o.integrationPoint,
      accountable: { name: o.accountable.name, role: o.accountable.role },
      escalation: o.escalation,
    };
  }
  // The point was renamed or never existed in this matrix: still say which team the record named.
  return {
    team: owner.team,
    teamName: ownership.team(owner.team)?.name ?? owner.team,
    integrationPoint: owner.integrationPoint,
    accountable: null,
    escalation: [],
  };
}
