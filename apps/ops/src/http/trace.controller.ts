import { Controller, Get, Inject, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { OperatorAuthGuard, RequireRoles } from '@handoff/access';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import type { OwnershipMatrix } from '@handoff/ownership';
import { traceOf } from '../trace/trace-view';

@ApiTags('trace')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@Controller('v1/trace')
export class TraceController {
  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(OWNERSHIP_MATRIX) private readonly ownership: OwnershipMatrix,
  ) {}

  @Get(':correlationId')
  @RequireRoles('ops', 'viewer')
  @ApiOperation({ summary: 'Every handoff of one correlation id, in order, with its owner' })
  async trace(@Param('correlationId') correlationId: string) {
    const steps = await traceOf(this.db, this.ownership, correlationId);
    if (steps.length === 0) throw new NotFoundException(`no ledger rows for ${correlationId}`);
    return { correlationId, steps };
  }
}
