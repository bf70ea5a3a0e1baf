import { BadRequestException, Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { OperatorAuthGuard, RequireRoles } from '@handoff/access';
import { DeadLetterOps } from '@handoff/dead-letters';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { opsKpis, PeriodError, periodFrom, type OpsKpis } from '../kpis/ops-kpis';
import { loadOpsConfig } from '../ops.config';

@ApiTags('kpis')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@Controller('v1/kpis')
export class KpisController {
  private readonly unbilledAfterDays = loadOpsConfig().unbilledAfterDays;

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(DeadLetterOps) private readonly deadLetters: DeadLetterOps,
  ) {}

  @Get()
  @RequireRoles('ops', 'viewer')
  @ApiOperation({
    summary:
      "The MVNO's KPIs for a period: activation-to-first-bill, unbilled lines, provisioning, fallout, dead letters",
    description:
      'Without `period`, the last seven days. Percentiles are in seconds (MNO calls in ms).',
  })
  @ApiQuery({
    name: 'period',
    required: false,
    description: 'a month (2026-11) or an ISO week (2026-W48)',
  })
  async kpis(@Query('period') period?: string): Promise<OpsKpis> {
    try {
      return await opsKpis(this.db, this.deadLetters, periodFrom(period), this.unbilledAfterDays);
    } catch (error) {
      if (error instanceof PeriodError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
