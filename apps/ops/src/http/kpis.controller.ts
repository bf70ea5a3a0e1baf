import { Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { OPEN_DEAD_LETTERS, type OpenDeadLetterReader } from '../kpis/open-dead-letters';
import { opsKpis, periodFrom, type OpsKpis } from '../kpis/ops-kpis';
import { loadOpsConfig } from '../ops.config';
import { OpsReportController, requestedPeriod } from './ops-report';

@OpsReportController('kpis', 'v1/kpis')
export class KpisController {
  private readonly unbilledAfterDays = loadOpsConfig().unbilledAfterDays;

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(OPEN_DEAD_LETTERS) private readonly openDeadLetters: OpenDeadLetterReader,
  ) {}

  @Get()
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
    const named = requestedPeriod(() => periodFrom(period));
    return opsKpis(this.db, this.openDeadLetters, named, this.unbilledAfterDays);
  }
}
