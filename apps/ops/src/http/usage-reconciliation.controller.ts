import { BadRequestException, Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { OperatorAuthGuard, RequireRoles } from '@handoff/access';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { ReconciliationRunStore, type PeriodAccuracy } from '@handoff/usage-ingestion';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The CDR reconciliation accuracy KPI: a period's first `usage reconcile` run, and the latest. */
@ApiTags('kpis')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@Controller('v1/usage/reconciliation')
export class UsageReconciliationController {
  private readonly runs = new ReconciliationRunStore();

  constructor(@Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource) {}

  @Get()
  @RequireRoles('ops', 'viewer')
  @ApiOperation({
    summary: "CDR reconciliation accuracy of a month: the first pass against the MNO's invoice",
    description:
      '`accuracy` is the share matched on the first pass (null before any run); `latest` is the newest run.',
  })
  @ApiQuery({ name: 'period', required: true, description: 'a month (2026-11)' })
  async accuracy(
    @Query('period') period?: string,
  ): Promise<PeriodAccuracy & { accuracy: number | null }> {
    if (period === undefined || !MONTH.test(period)) {
      throw new BadRequestException(
        `period must be a month such as 2026-11; got "${period ?? ''}"`,
      );
    }
    const found = await this.runs.accuracy(this.db.manager, period);
    return { ...found, accuracy: found.firstPass?.accuracy ?? null };
  }
}
