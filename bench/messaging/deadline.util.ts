/** A bench phase that did not finish in time; the run stops instead of hanging. */
export class PhaseTimeoutError extends Error {
  constructor(phase: string, ms: number, detail = '') {
    super(`${phase} did not finish within ${ms} ms${detail ? ` (${detail})` : ''}`);
    this.name = 'PhaseTimeoutError';
  }
}

/** Settles with `work`, or rejects with PhaseTimeoutError after `ms`. */
export async function withDeadline<T>(
  phase: string,
  ms: number,
  work: Promise<T>,
  detail?: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeoutError(phase, ms, detail?.())), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `check` every `intervalMs` until it returns true; PhaseTimeoutError after `ms`, also when
 * a single check hangs.
 */
export async function pollUntil(
  phase: string,
  ms: number,
  intervalMs: number,
  check: () => Promise<boolean>,
  detail?: () => string,
): Promise<void> {
  let timedOut = false;
  const poll = async () => {
    while (!timedOut && !(await check())) await sleep(intervalMs);
  };
  try {
    await withDeadline(phase, ms, poll(), detail);
  } finally {
    timedOut = true;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a clean-up step with a bound; a failure is reported, never thrown, so later steps still run. */
export async function quietly(
  step: string,
  work: () => Promise<unknown>,
  ms = 15_000,
): Promise<void> {
  try {
    await withDeadline(step, ms, work());
  } catch (error) {
    console.warn(
      `  clean-up: ${step} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
