import { LineReadLimiter } from './line-read-limiter';

describe('LineReadLimiter', () => {
  it('allows the per-minute reads of a key, then says when the oldest one frees a slot', () => {
    const limiter = new LineReadLimiter(2);
    expect(limiter.take('carla', 0)).toEqual({ allowed: true });
    expect(limiter.take('carla', 10_000)).toEqual({ allowed: true });
    expect(limiter.take('carla', 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limiter.take('cody', 20_000)).toEqual({ allowed: true });
    expect(limiter.take('carla', 60_001)).toEqual({ allowed: true });
  });
});
