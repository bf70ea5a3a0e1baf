import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';

export type AuthFailureReason = 'missing-key' | 'unknown-key';

export interface AuthFailureCounts {
  total: number;
  missingKey: number;
  unknownKey: number;
}

/** What is logged of a refused request: never its headers, so never the key. */
export interface RefusedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

const MESSAGES: Record<AuthFailureReason, string> = {
  'missing-key': 'an API key is required: Authorization: Bearer <key>',
  'unknown-key': 'unknown or revoked API key',
};

/**
 * Counts and logs refused authentications, so a key being guessed or a dealer whose key was revoked
 * shows up. Counts are this instance's since it started (a second instance counts its own).
 */
@Injectable()
export class AuthFailures {
  private readonly log = new Logger('Authentication');
  private missingKey = 0;
  private unknownKey = 0;

  /** Records the failure and returns the 401 to throw. */
  refuse(reason: AuthFailureReason, request: RefusedRequest): UnauthorizedException {
    if (reason === 'missing-key') this.missingKey += 1;
    else this.unknownKey += 1;
    const path = request.url?.split('?')[0];
    this.log.warn(
      { reason, method: request.method, path, ip: request.ip },
      'authentication failed',
    );
    return new UnauthorizedException(MESSAGES[reason]);
  }

  counts(): AuthFailureCounts {
    const { missingKey, unknownKey } = this;
    return { total: missingKey + unknownKey, missingKey, unknownKey };
  }
}
