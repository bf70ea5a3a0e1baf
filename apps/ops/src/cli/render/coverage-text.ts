import type { SlaCoverageReport } from '../../sla-coverage/sla-coverage';
import { table } from './columns';

/** Per point, each error category, COVERED or UNCOVERED, and the owner who must negotiate it. */
export function coverageText(report: SlaCoverageReport): string {
  const rows = report.categories.map((c) => [
    c.integrationPoint,
    c.category,
    c.covered ? 'covered' : 'UNCOVERED',
    c.catchAll ? '(any other code)' : c.codes.join(' '),
    `${c.ownerTeamName} (${c.accountable})`,
  ]);
  const header = ['POINT', 'CATEGORY', 'SLA', 'CODES', 'OWNER'];
  return [
    table(header, rows),
    '',
    `${report.uncovered} categories no SLA covers: a failure in one escalates at once on the ` +
      'internal contacts of its chain.',
  ].join('\n');
}
