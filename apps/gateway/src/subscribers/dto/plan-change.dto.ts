import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PlanChangeBodyDto {
  @ApiProperty({ example: 'BASIC-5G-15', description: 'an active plan of the catalogue' })
  planCode!: string;
}

export class PlanChangeReasonDto {
  @ApiProperty({ example: 'LIFECYCLE.LINE_TERMINATED' }) code!: string;
}

export class PlanChangeViewDto {
  @ApiProperty({ example: 'pc-0b7e4c1a-6d2f-4e8b-9a3c-5f1d2e7a8b90' }) requestId!: string;
  @ApiProperty({ example: 'sub-7f3c2a9e-5b1d-4c8e-9a6f-2d4e8b1c0a57' }) subscriberId!: string;
  @ApiProperty({ example: 'BASIC-5G-15' }) planCode!: string;
  @ApiProperty({
    enum: ['acknowledged', 'inProgress', 'completed', 'failed', 'rejected'],
    description: 'acknowledged until the orchestrator takes it up; then the MNO order it placed',
  })
  state!: string;
  @ApiProperty({ description: 'ties the ledger rows and events of this request together' })
  correlationId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ type: PlanChangeReasonDto, description: 'why it was rejected or failed' })
  reason?: PlanChangeReasonDto;
}
