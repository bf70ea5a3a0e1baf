import { Injectable } from '@nestjs/common';

/**
 * What the demo's handler saw, for the closing summary. The demo runs its consumer in the same
 * process as its scenario; a real service keeps nothing like this in memory.
 */
@Injectable()
export class DemoOutcomes {
  readonly handledTimes = new Map<string, number>();
  readonly attempts = new Map<string, number>();

  recordAttempt(eventId: string, attempt: number): void {
    this.attempts.set(eventId, Math.max(attempt, this.attempts.get(eventId) ?? 0));
  }

  recordHandled(eventId: string): void {
    this.handledTimes.set(eventId, (this.handledTimes.get(eventId) ?? 0) + 1);
  }
}
