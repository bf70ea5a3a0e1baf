import type { DiagnosticView } from '@handoff/care';
import { table } from './columns';

const iso = (at: Date | string) => new Date(at).toISOString();

function lineText(view: DiagnosticView): string {
  const { handoff, mno } = view.line;
  const inHandoff = handoff
    ? `${handoff.state}${handoff.suspensionReason ? ` (${handoff.suspensionReason})` : ''}`
    : 'none yet';
  const atMno = !mno
    ? 'not read'
    : mno.read === 'found'
      ? `${mno.state}, plan ${mno.planCode} (read ${iso(mno.readAt)})`
      : mno.read === 'not-found'
        ? `no line (read ${iso(mno.readAt)})`
        : `could not be read: ${mno.errorCode} (${iso(mno.readAt)})`;
  return `Line: ${inHandoff} in Handoff; at the MNO: ${atMno}`;
}

function section(title: string, header: string[], rows: string[][]): string[] {
  return rows.length === 0 ? [`${title}: none`] : [`${title}:`, table(header, rows)];
}

/** `ops care show`: the status sentence first, then what it rests on. */
export function careText(view: DiagnosticView): string {
  const { subscriber, sim } = view;
  return [
    view.status,
    '',
    `Subscriber ${subscriber.subscriberId ?? '-'}, MSISDN ${subscriber.msisdn ?? '-'}, ICCID ${subscriber.iccid ?? '-'}`,
    lineText(view),
    `Plan: ${view.plan ?? '-'}`,
    `SIM: ${sim ? `${sim.state}, batch ${sim.batchId}${sim.imsiMatchesMno ? '' : ', IMSI differs at the MNO'}` : 'not in the inventory'}`,
    ...section(
      'Open work',
      ['KIND', 'REF', 'STATE', 'SINCE'],
      view.openWork.map((w) => [w.kind, w.ref, w.state, iso(w.since)]),
    ),
    ...section(
      'Open dead letters',
      ['SINCE', 'POINT', 'OWNER'],
      view.deadLetters.map((d) => [iso(d.since), d.integrationPoint, d.owner]),
    ),
    ...section(
      'Open jeopardies',
      ['OPERATION', 'REF', 'DUE', 'OWNER'],
      view.jeopardies.map((j) => [j.operation, j.ref, iso(j.dueAt), j.owner]),
    ),
    ...section(
      'Latest handoffs',
      ['TIME', 'WHAT', 'POINT', 'OWNER', 'OUTCOME'],
      view.handoffs.map((h) => [iso(h.at), h.what, h.integrationPoint, h.owner, h.outcome]),
    ),
  ].join('\n');
}
