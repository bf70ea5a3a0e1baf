import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthFailures, type AuthFailureCounts } from '@handoff/access';
import { RateLimitRejections } from '../rate-limit/rate-limit-rejections';

class AuthFailureCountsDto implements AuthFailureCounts {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'no API key given' }) missingKey!: number;
  @ApiProperty({ description: 'an unknown or revoked API key' }) unknownKey!: number;
}

export class CountersDto {
  @ApiProperty({ type: AuthFailureCountsDto }) authFailures!: AuthFailureCountsDto;
  @ApiProperty({ description: 'requests refused with 429' }) rateLimited!: number;
}

/** Security counters of this instance since it started; no key needed, like `/health`. */
@ApiTags('health')
@Controller('counters')
export class CountersController {
  constructor(
    @Inject(AuthFailures) private readonly authFailures: AuthFailures,
    @Inject(RateLimitRejections) private readonly rateLimit: RateLimitRejections,
  ) {}

  @Get()
  @ApiOkResponse({ type: CountersDto })
  counters(): CountersDto {
    return { authFailures: this.authFailures.counts(), rateLimited: this.rateLimit.count };
  }
}
