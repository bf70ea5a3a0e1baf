import { Logger, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { hashApiKey } from './api-key';
import { AuthFailures } from './auth-failures';
import { DealerAuthGuard } from './auth.guards';

const KNOWN_KEY = 'dk_known';

/** Answers the dealer look-up for the known key's hash only. */
const db = {
  query: (_sql: string, [hash]: [string]) =>
    Promise.resolve(hash === hashApiKey(KNOWN_KEY) ? [{ dealer_id: 'dealer-1', name: 'D' }] : []),
} as unknown as DataSource;

function contextWith(headers: Record<string, string>): {
  context: ExecutionContext;
  request: Record<string, unknown>;
} {
  const request = { headers, method: 'POST', url: '/v1/activations?x=1', ip: '127.0.0.1' };
  const context = { switchToHttp: () => ({ getRequest: () => request }) };
  return { context: context as unknown as ExecutionContext, request };
}

describe('DealerAuthGuard with AuthFailures', () => {
  let failures: AuthFailures;
  let guard: DealerAuthGuard;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    failures = new AuthFailures();
    guard = new DealerAuthGuard(db, failures);
  });

  it('refuses a request without a key with 401 and counts it as missing', async () => {
    const { context } = contextWith({});
    await expect(guard.canActivate(context)).rejects.toThrow(
      new UnauthorizedException('an API key is required: Authorization: Bearer <key>'),
    );
    expect(failures.counts()).toEqual({ total: 1, missingKey: 1, unknownKey: 0 });
  });

  it('refuses an unknown key (bearer or x-api-key) with 401 and counts each', async () => {
    await expect(
      guard.canActivate(contextWith({ authorization: 'Bearer dk_guess' }).context),
    ).rejects.toThrow('unknown or revoked API key');
    await expect(
      guard.canActivate(contextWith({ 'x-api-key': 'dk_guess' }).context),
    ).rejects.toThrow(UnauthorizedException);
    expect(failures.counts()).toEqual({ total: 2, missingKey: 0, unknownKey: 2 });
  });

  it('lets a known dealer through, on the request, without counting', async () => {
    const { context, request } = contextWith({ 'x-api-key': KNOWN_KEY });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual({ kind: 'dealer', dealerId: 'dealer-1', name: 'D' });
    expect(failures.counts().total).toBe(0);
  });
});
