import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Dealer } from '@handoff/access';
import { RateLimitRejections } from './rate-limit-rejections';

/**
 * The per-dealer limit: runs after `DealerAuthGuard`, so the dealer is known and the limit follows
 * the dealer, not its IP (many stores share one). One budget spans every `/v1` route. The library
 * sets `Retry-After` (seconds) on the 429 (https://github.com/nestjs/throttler, `handleRequest`).
 */
@Injectable()
export class DealerRateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(Reflector) reflector: Reflector,
    @Inject(RateLimitRejections) private readonly rejections: RateLimitRejections,
  ) {
    super(options, storage, reflector);
  }

  protected override getTracker(request: { principal?: Dealer; ip?: string }): Promise<string> {
    const dealerId = request.principal?.dealerId;
    return Promise.resolve(dealerId ? `dealer:${dealerId}` : `ip:${request.ip}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    this.rejections.count += 1;
    this.log.warn({ tracker: detail.tracker, limit: detail.limit }, 'rate limit exceeded');
    const message = `over ${detail.limit} requests per minute; retry after ${detail.timeToBlockExpire} s`;
    throw new HttpException({ error: 'rate_limited', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
