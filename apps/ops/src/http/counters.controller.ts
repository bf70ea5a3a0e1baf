import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthFailures, type AuthFailureCounts } from '@handoff/access';

class AuthFailureCountsDto implements AuthFailureCounts {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'no operator key given' }) missingKey!: number;
  @ApiProperty({ description: 'an unknown or revoked operator key' }) unknownKey!: number;
}

class OpsCountersDto {
  @ApiProperty({ type: AuthFailureCountsDto }) authFailures!: AuthFailureCountsDto;
}

/** Refused authentications of this instance since it started; no key needed, so a probe can read it. */
@ApiTags('health')
@Controller('counters')
export class OpsCountersController {
  constructor(@Inject(AuthFailures) private readonly authFailures: AuthFailures) {}

  @Get()
  @ApiOkResponse({ type: OpsCountersDto })
  counters(): OpsCountersDto {
    return { authFailures: this.authFailures.counts() };
  }
}
