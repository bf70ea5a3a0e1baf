import { Get, Header, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import type { OwnershipMatrix } from '@handoff/ownership';
import { isoWeek } from '../kpis/ops-kpis';
import { OPEN_DEAD_LETTERS, type OpenDeadLetterReader } from '../kpis/open-dead-letters';
import { loadOpsConfig } from '../ops.config';
import { reviewMarkdown } from '../review/review-markdown';
import { weeklyReview } from '../review/weekly-review';
import { OpsReportController, requestedPeriod } from './ops-report';

@OpsReportController('review', 'v1/review')
export class ReviewController {
  private readonly unbilledAfterDays = loadOpsConfig().unbilledAfterDays;

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(OWNERSHIP_MATRIX) private readonly ownership: OwnershipMatrix,
    @Inject(OPEN_DEAD_LETTERS) private readonly openDeadLetters: OpenDeadLetterReader,
  ) {}

  @Get()
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  @ApiProduces('text/markdown')
  @ApiQuery({ name: 'week', example: '2026-W48', description: 'an ISO week, in UTC' })
  @ApiOperation({
    summary: "The COO's weekly operating review, one Markdown page",
    description:
      'Per integration point its SLA performance (availability, p95 per operation, breaches with ' +
      'their owner), jeopardies and escalations; the KPIs beside the previous week; dead letters ' +
      'open by owner; what breached and who owned it. The same page as `ops review --week`.',
  })
  async review(@Query('week') week: string | undefined): Promise<string> {
    const period = requestedPeriod(() => isoWeek(week ?? ''));
    const review = await weeklyReview(
      this.db,
      this.ownership,
      this.openDeadLetters,
      period,
      this.unbilledAfterDays,
    );
    return reviewMarkdown(review);
  }
}
