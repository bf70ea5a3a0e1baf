import { Injectable } from '@nestjs/common';

/** Requests this instance refused for the rate limit since it started. */
@Injectable()
export class RateLimitRejections {
  count = 0;
}
