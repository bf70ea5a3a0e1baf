import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Inject,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { OperatorAuthGuard, RequireRoles } from '@handoff/access';
import { DeadLetterOps } from '@handoff/dead-letters';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import type { OwnershipMatrix } from '@handoff/ownership';
import { isoWeek, PeriodError } from '../kpis/ops-kpis';
import { loadOpsConfig } from '../ops.config';
import { reviewMarkdown } from '../review/review-markdown';
import { weeklyReview } from '../review/weekly-review';

@ApiTags('review')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@Controller('v1/review')
export class ReviewController {
  private readonly unbilledAfterDays = loadOpsConfig().unbilledAfterDays;

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(OWNERSHIP_MATRIX) private readonly ownership: OwnershipMatrix,
    @Inject(DeadLetterOps) private readonly deadLetters: DeadLetterOps,
  ) {}

  @Get()
  @RequireRoles('ops', 'viewer')
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
    let period;
    try {
      period = isoWeek(week ?? '');
    } catch (error) {
      if (error instanceof PeriodError) throw new BadRequestException(error.message);
      throw error;
    }
    const review = await weeklyReview(
      this.db,
      this.ownership,
      this.deadLetters,
      period,
      this.unbilledAfterDays,
    );
    return reviewMarkdown(review);
  }
}
