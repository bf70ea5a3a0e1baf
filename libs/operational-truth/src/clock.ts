/** The watcher's time, injectable so a test walks an escalation chain without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
