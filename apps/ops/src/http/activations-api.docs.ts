import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The OpenAPI shape of a redrive; validation is `redriveBody`'s job (activations.controller.ts). */
export class RedriveRequestDoc {
  @ApiPropertyOptional({ type: [String], example: ['act-0b6e1d2c-3f4a-4b5c-8d9e-0f1a2b3c4d5e'] })
  activationIds?: string[];
  @ApiPropertyOptional({
    example: 'TAX_JURISDICTION_UNRESOLVED',
    description: 'every activation held for this reason (when no activationIds)',
  })
  reasonCode?: string;
  @ApiProperty({ example: 'TAX.CONFIG_FIXED: Guam configured in the tax engine, CHG-812' })
  reason!: string;
  @ApiPropertyOptional({
    default: false,
    description: 'list what would be re-driven, change nothing',
  })
  dryRun?: boolean;
  @ApiPropertyOptional({ default: 500, description: 'at most this many when none is named' })
  limit?: number;
}
