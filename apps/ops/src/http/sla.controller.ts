import { Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { buildScorecard, type Scorecard } from '@handoff/operational-truth';
import type { OwnershipMatrix } from '@handoff/ownership';
import { namedPeriod } from '../kpis/ops-kpis';
import { slaCoverageReport, type SlaCoverageReport } from '../sla-coverage/sla-coverage';
import { OpsReportController, requestedPeriod } from './ops-report';

@OpsReportController('sla', 'v1/sla')
export class SlaController {
  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(OWNERSHIP_MATRIX) private readonly ownership: OwnershipMatrix,
  ) {}

  @Get()
  @ApiQuery({
    name: 'period',
    example: '2026-11',
    description: 'a month (2026-11) or an ISO week (2026-W48), in UTC',
  })
  @ApiOperation({
    summary:
      'The vendor scorecard of a month or week: availability, p50/p95 per operation against its SLA',
    description:
      'Per vendor integration point: availability (vendor calls and probes) against its target, ' +
      'p50/p95 per operation against its SLA, SLA breaches and jeopardies with start, end and ' +
      'evidence (correlation ids), and the escalations they raised.',
  })
  async scorecard(@Query('period') period: string | undefined): Promise<Scorecard> {
    const named = requestedPeriod(() => namedPeriod(period ?? ''));
    return buildScorecard(this.db, this.ownership, named);
  }

  @Get('coverage')
  @ApiOperation({
    summary: 'Which error categories of each integration point its SLA covers',
    description:
      'Every error category of every point (ownership.yaml errorCategories), covered by its SLA ' +
      'or uncovered, with the owner who must negotiate an uncovered one. A failure in an ' +
      'uncovered category escalates at once on the internal contacts of its chain.',
  })
  coverage(): SlaCoverageReport {
    return slaCoverageReport(this.ownership);
  }
}
