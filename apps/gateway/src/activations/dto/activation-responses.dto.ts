import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVATION_STATES } from '../list-params';

export class ActivationAcceptedDto {
  @ApiProperty({ example: 'act-7f3c2a9e-5b1d-4c8e-9a6f-2d4e8b1c0a57' }) activationId!: string;
  @ApiProperty({
    example: 'sub-7f3c2a9e-5b1d-4c8e-9a6f-2d4e8b1c0a57',
    description: 'assigned at intake; every event of this line is keyed by it',
  })
  subscriberId!: string;
  @ApiProperty({ enum: ACTIVATION_STATES, example: 'acknowledged' }) state!: string;
  @ApiProperty({ description: 'ties the ledger rows and events of this activation together' })
  correlationId!: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'MNO.ICCID_UNKNOWN' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'network-ops' }) ownerTeam!: string | null;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'http-request' }) kind!: string;
  @ApiProperty({ example: 'dealer-portal-to-handoff' }) integrationPoint!: string;
  @ApiProperty({ example: 'dealer-ops' }) ownerTeam!: string;
  @ApiProperty({ example: 'accepted' }) outcome!: string;
  @ApiPropertyOptional({ example: 'handoff.activation.ActivationRequested' }) eventType?: string;
}

export class ActivationSummaryDto extends ActivationAcceptedDto {
  @ApiProperty({ example: 'validation', description: 'the saga step the activation is at' })
  step!: string;
  @ApiProperty({ example: '891004*********9361', description: 'masked' }) iccid!: string;
  @ApiProperty({ example: 'UNL-5G-30' }) planCode!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: ReasonDto, description: 'why it was rejected, failed or held' })
  reason?: ReasonDto;
}

export class ActivationViewDto extends ActivationSummaryDto {
  @ApiProperty({ type: [TimelineEntryDto], description: 'the audit ledger of this activation' })
  timeline!: TimelineEntryDto[];
}

export class ActivationListDto {
  @ApiProperty({ type: [ActivationSummaryDto], description: 'newest first' })
  items!: ActivationSummaryDto[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; absent on the last' })
  nextCursor?: string;
  @ApiPropertyOptional({
    example: '/v1/activations?state=completed&limit=20&cursor=eyJ0Ijoi...',
    description: 'the next page, with the same filters; absent on the last',
  })
  next?: string;
}
