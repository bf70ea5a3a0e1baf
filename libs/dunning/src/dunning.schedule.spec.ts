import { scheduleNext } from './dunning.schedule';

const DAY = 86_400_000;
const SCHEDULE = [DAY, 3 * DAY, 7 * DAY];
const AT = Date.UTC(2026, 11, 1);

describe('scheduleNext', () => {
  it('retries a soft decline after the delay of its place in the schedule, counted from that attempt', () => {
    expect(scheduleNext({ attempt: 0, result: 'softDecline', at: AT }, SCHEDULE)).toEqual({
      kind: 'retry',
      attempt: 1,
      at: AT + DAY,
    });
    expect(scheduleNext({ attempt: 2, result: 'softDecline', at: AT }, SCHEDULE)).toEqual({
      kind: 'retry',
      attempt: 3,
      at: AT + 7 * DAY,
    });
  });

  it('is exhausted when the last retry of the schedule is declined', () => {
    expect(scheduleNext({ attempt: 3, result: 'softDecline', at: AT }, SCHEDULE)).toEqual({
      kind: 'exhausted',
      reason: 'SCHEDULE_EXHAUSTED',
    });
  });

  it('never retries a hard decline, even on the first attempt', () => {
    expect(scheduleNext({ attempt: 0, result: 'hardDecline', at: AT }, SCHEDULE)).toEqual({
      kind: 'exhausted',
      reason: 'HARD_DECLINE',
    });
  });

  it('settles on a capture, whichever attempt it was', () => {
    expect(scheduleNext({ attempt: 2, result: 'captured', at: AT }, SCHEDULE)).toEqual({
      kind: 'settled',
    });
  });
});
