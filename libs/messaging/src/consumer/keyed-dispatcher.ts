type Task = () => Promise<void>;

interface Queued {
  task: Task;
  settle: (error?: Error) => void;
}

/**
 * Runs the tasks of different keys concurrently and the tasks of one key strictly one after
 * another, in the order they were submitted. At most `limit` tasks are accepted at once (queued
 * or running): the caller asks for room before submitting, and pauses fetching while there is none.
 * Kafka only promises order per partition; Handoff needs it per subscriber, so this is the unit.
 */
export class KeyedDispatcher {
  private readonly queues = new Map<string, Queued[]>();
  private accepted = 0;
  private peak = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly roomWaiters: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`the in-flight limit must be a whole number of at least 1, got ${limit}`);
    }
  }

  /** Tasks accepted and not yet finished. */
  get inFlight(): number {
    return this.accepted;
  }

  /** The most tasks ever in flight at once (what the limit held to). */
  get peakInFlight(): number {
    return this.peak;
  }

  hasRoom(): boolean {
    return this.accepted < this.limit;
  }

  /** True once a task may be submitted, false if there is still no room after `maxWaitMs`. */
  async room(maxWaitMs: number): Promise<boolean> {
    if (this.hasRoom()) return true;
    await new Promise<void>((resolve) => {
      const waiters = this.roomWaiters;
      const timer = setTimeout(done, maxWaitMs);
      function done() {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
    return this.hasRoom();
  }

  /** Queues `task` behind the earlier tasks of `key`; resolves or rejects with the task. */
  submit(key: string, task: Task): Promise<void> {
    this.accepted += 1;
    this.peak = Math.max(this.peak, this.accepted);
    return new Promise<void>((resolve, reject) => {
      const queued: Queued = {
        task,
        settle: (error) => (error === undefined ? resolve() : reject(error)),
      };
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(queued);
        return;
      }
      this.queues.set(key, [queued]);
      void this.drain(key);
    });
  }

  /** Resolves once nothing is in flight, or with false after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.accepted === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(this.accepted === 0), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key);
    while (queue && queue.length > 0) {
      const next = queue[0];
      try {
        await next.task();
        next.settle();
      } catch (error) {
        next.settle(error instanceof Error ? error : new Error(String(error)));
      }
      queue.shift();
      this.finished();
    }
    this.queues.delete(key);
  }

  private finished(): void {
    this.accepted -= 1;
    this.roomWaiters[0]?.();
    if (this.accepted === 0) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const notify of idle) notify();
    }
  }
}
