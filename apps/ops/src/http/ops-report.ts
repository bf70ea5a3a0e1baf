import { applyDecorators, BadRequestException, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorAuthGuard, RequireRoles } from '@handoff/access';
import type { KpiPeriod } from '@handoff/kpis';
import { PeriodError } from '../kpis/ops-kpis';

/**
 * A controller of reports (KPIs, scorecard, review, map): an operator's key required, read by the
 * ops and viewer roles, documented under `tag`.
 */
export const OpsReportController = (tag: string, path: string): ClassDecorator =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    UseGuards(OperatorAuthGuard),
    RequireRoles('ops', 'viewer'),
    Controller(path),
  );

/** The period a request names; one it does not name properly is the caller's 400. */
export function requestedPeriod(parse: () => KpiPeriod): KpiPeriod {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PeriodError) throw new BadRequestException(error.message);
    throw error;
  }
}
