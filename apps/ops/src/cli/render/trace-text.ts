import type { TraceStep } from '../../trace/trace-view';
import { shortType, table } from './columns';

export function traceText(correlationId: string, steps: readonly TraceStep[]): string {
  if (steps.length === 0) return `No ledger rows for ${correlationId}.`;
  const rows = steps.map((s) => [
    s.at,
    s.kind,
    s.actor,
    s.eventType ? shortType(s.eventType) : '-',
    s.integrationPoint,
    s.ownerTeamName,
    s.outcome + (s.httpStatus ? ` ${s.httpStatus}` : ''),
  ]);
  return `Trace ${correlationId}\n${table(['TIME', 'KIND', 'ACTOR', 'EVENT', 'POINT', 'OWNER', 'OUTCOME'], rows)}`;
}
