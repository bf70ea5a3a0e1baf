import { setTimeout as sleep } from 'node:timers/promises';
import { DevstackError } from './devstack.error';

export interface WaitOptions {
  /** What we wait for, as it reads in the error: "Kafka on 127.0.0.1:19092". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Resolves true once the thing is ready; a rejection counts as "not yet". */
  probe: () => Promise<boolean>;
  /** Returns false when waiting is pointless (the process died): fail at once. */
  stillStarting?: () => boolean;
  /** Ends every failure message, to say where to look: "see .cache/logs/kafka.log". */
  hint: string;
}

/** Polls `probe` until it answers, the deadline passes, or the process it waits for dies. */
export async function waitUntilReady(options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await options.probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (options.stillStarting && !options.stillStarting()) {
      throw new DevstackError(
        'DEVSTACK.PROCESS_EXITED',
        `${options.what} exited while starting; ${options.hint}`,
        { cause: lastError },
      );
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new DevstackError(
        'DEVSTACK.NOT_READY',
        `${options.what} was not ready after ${Math.round(options.timeoutMs / 1000)} s${reason}; ${options.hint}`,
        { cause: lastError },
      );
    }
    await sleep(options.intervalMs ?? 500);
  }
}
