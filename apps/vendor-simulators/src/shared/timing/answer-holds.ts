import type { ServerResponse } from 'node:http';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { TimerSet } from './timer-set';

/** Delays and withheld answers for fault injection, released when the simulator closes. */
@Injectable()
export class AnswerHolds implements OnModuleDestroy {
  private readonly timers = new TimerSet();

  /**
   * Resolves after `delayMs`. If the client hangs up or the simulator closes first it never
   * resolves: nobody is left to answer, and the timer must not keep the process alive.
   */
  wait(res: ServerResponse, delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = () => this.timers.cancel(timer);
      const timer = this.timers.schedule(delayMs, () => {
        res.off('close', cancel);
        resolve();
      });
      res.once('close', cancel);
    });
  }

  /** An accepted request that is never answered; the connection ends when the client gives up. */
  never(): Promise<never> {
    return new Promise<never>(() => undefined);
  }

  onModuleDestroy(): void {
    this.timers.cancelAll();
  }
}
