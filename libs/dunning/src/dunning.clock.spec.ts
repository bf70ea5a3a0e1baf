import { dunningClock } from './dunning.clock';

describe('dunningClock', () => {
  it('is the real clock at scale 1', () => {
    const before = Date.now();
    const now = dunningClock({ clockScale: 1 })();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('starts at the real time and runs `scale` times faster from the moment it is made', () => {
    let real = 1_000_000;
    const clock = dunningClock({ clockScale: 86_400 }, () => real);
    expect(clock()).toBe(1_000_000);
    real += 1_000;
    expect(clock()).toBe(1_000_000 + 86_400_000);
  });
});
