import { loadGatewayConfig } from './gateway.config';

describe('loadGatewayConfig', () => {
  it('listens on loopback and allows 600 requests per dealer per minute by default', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      port: 18080,
      host: '127.0.0.1',
      rateLimitPerMinute: 600,
    });
  });

  it('reads GATEWAY_RATE_LIMIT_PER_MINUTE', () => {
    expect(loadGatewayConfig({ GATEWAY_RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).toBe(30);
  });

  it.each(['0', '-5', '2.5', 'lots'])(
    'refuses GATEWAY_RATE_LIMIT_PER_MINUTE=%s, naming it',
    (v) => {
      expect(() => loadGatewayConfig({ GATEWAY_RATE_LIMIT_PER_MINUTE: v })).toThrow(
        /GATEWAY_RATE_LIMIT_PER_MINUTE: must be/,
      );
    },
  );
});
