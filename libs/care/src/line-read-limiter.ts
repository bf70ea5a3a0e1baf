export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const MINUTE_MS = 60_000;

/**
 * At most `perMinute` reads per key in any sliding minute, counted in this process: fresh MNO line
 * reads are rare, so each instance of the ops API keeping its own count is enough (decision 98).
 */
export class LineReadLimiter {
  private readonly reads = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  take(key: string, now: number = Date.now()): LimitVerdict {
    const recent = (this.reads.get(key) ?? []).filter((at) => at > now - MINUTE_MS);
    if (recent.length >= this.perMinute) {
      this.reads.set(key, recent);
      const oldest = recent[0];
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + MINUTE_MS - now) / 1000)),
      };
    }
    recent.push(now);
    this.reads.set(key, recent);
    return { allowed: true };
  }
}
