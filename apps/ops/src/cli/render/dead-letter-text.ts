import type { DeadLetter, DeadLetterDetail, DeadLetterStatus } from '@handoff/dead-letters';
import { formatDuration } from '@handoff/config';
import { age, shortType, table } from './columns';

export function statusText(s: DeadLetterStatus): string {
  if (s.state === 'replayed') return `replayed by ${s.by} ${age(s.at)} ago`;
  if (s.state === 'discarded') return `discarded by ${s.by} ${age(s.at)} ago`;
  return 'open';
}

export function deadLetterTable(items: readonly DeadLetter[], complete: boolean): string {
  if (items.length === 0)
    return complete ? 'No dead letters match.' : 'None found before the deadline.';
  const rows = items.map((d) => [
    d.id,
    d.consumerGroup,
    shortType(d.eventType),
    `${d.error.errorClass} ${d.error.code}`,
    d.error.stage,
    String(d.attempts),
    `${d.owner.team} (${d.owner.integrationPoint})`,
    age(d.deadLetteredAt),
    statusText(d.status),
  ]);
  const header = ['REF', 'GROUP', 'EVENT', 'ERROR', 'STAGE', 'TRIES', 'OWNER', 'AGE', 'STATUS'];
  const note = complete
    ? ''
    : '\n(partial: the read hit its deadline; newer dead letters may be missing)';
  return `${table(header, rows)}\n${items.length} dead letter(s)${note}`;
}

export function deadLetterText(d: DeadLetterDetail): string {
  const lines = [
    `Dead letter ${d.id}  [${statusText(d.status)}]`,
    `  dead-letter id   ${d.uid ?? '(none: dead-lettered before Handoff wrote ids)'}`,
    `  consumer group   ${d.consumerGroup}`,
    `  original         ${d.original.topic} partition ${d.original.partition} offset ${d.original.offset}`,
    `  event            ${d.eventType ?? '(unreadable)'} id ${d.eventId ?? '-'}`,
    `  correlation      ${d.correlationId ?? '-'}`,
    `  key              ${d.keyMasked ?? '-'}`,
    `  error            ${d.error.errorClass} ${d.error.code} at ${d.error.stage} (${d.error.exception})`,
    `                   ${d.error.message}`,
    `  attempts         ${d.attempts}, first failure ${d.firstFailureAt ?? '-'}, last ${d.lastFailureAt ?? '-'}`,
    `  owner            ${d.owner.teamName} (${d.owner.team}) at ${d.owner.integrationPoint}`,
    ...(d.owner.accountable
      ? [`  accountable      ${d.owner.accountable.name}, ${d.owner.accountable.role}`]
      : []),
    ...d.owner.escalation.map(
      (s, i) =>
        `  escalation ${i + 1}     ${s.who} ${s.contact} ${s.afterMs === 0 ? 'at once' : `after ${formatDuration(s.afterMs)}`}`,
    ),
    ...(d.replayOf
      ? [`  replay of        ${d.replayOf.replayId} by ${d.replayOf.replayedBy}`]
      : []),
    d.payload.decoded
      ? `  payload          ${d.payload.schemaType} (personal data masked)\n${indent(JSON.stringify(d.payload.data, null, 2))}`
      : `  payload          undecodable (${d.payload.bytes} bytes): ${d.payload.reason}`,
  ];
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
