import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * OpenAPI shapes of the request bodies. Validation is the zod schemas' job (dead-letter-requests.ts);
 * these classes only describe the same fields for /docs.
 */
export class DeadLetterFilterDoc {
  @ApiPropertyOptional({ description: 'original (source) topic' }) topic?: string;
  @ApiPropertyOptional({ description: 'consumer group; every group of the catalog when absent' })
  group?: string;
  @ApiPropertyOptional({ enum: ['retryable', 'permanent', 'business-rejection'] })
  errorClass?: string;
  @ApiPropertyOptional({ description: 'error code, matched exactly', example: 'CARD_DATA_REFUSED' })
  code?: string;
  @ApiPropertyOptional({ example: 'network-ops' }) ownerTeam?: string;
  @ApiPropertyOptional({ description: 'dead-lettered more than this long ago', example: '2h' })
  olderThan?: string;
  @ApiPropertyOptional({ description: 'dead-lettered less than this long ago', example: '30m' })
  newerThan?: string;
  @ApiPropertyOptional({ enum: ['open', 'replayed', 'discarded'] }) status?: string;
}

export class ReplayRequestDoc {
  @ApiPropertyOptional({
    type: [String],
    description: 'dead letters as topic/partition/offset',
    example: ['handoff.orchestrator.dlt/0/42'],
  })
  refs?: string[];
  @ApiPropertyOptional({
    type: DeadLetterFilterDoc,
    description: 'instead of refs: open dead letters matching this',
  })
  filter?: DeadLetterFilterDoc;
  @ApiProperty({ example: 'VENDOR.RECOVERED: MNO incident INC-4711 closed' }) reason!: string;
  @ApiPropertyOptional({ default: false, description: 'say what would happen, change nothing' })
  dryRun?: boolean;
  @ApiPropertyOptional({ default: 20 }) ratePerSecond?: number;
  @ApiPropertyOptional({
    default: 3,
    description: 'stop once more than this many replayed records fail again',
  })
  maxFailures?: number;
  @ApiPropertyOptional({
    default: false,
    description: 'replay even if replayed or discarded before',
  })
  force?: boolean;
}

export class DiscardRequestDoc {
  @ApiProperty({ type: [String], example: ['handoff.orchestrator.dlt/0/42'] }) refs!: string[];
  @ApiProperty({ example: 'DUPLICATE.ALREADY_HANDLED: activated by hand in the MNO portal' })
  reason!: string;
  @ApiPropertyOptional({ default: false }) force?: boolean;
}
