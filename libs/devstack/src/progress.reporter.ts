/** Where the devstack says what it is doing; the CLI prints it, tests can collect it. */
export interface ProgressReporter {
  /** One progress line, e.g. "kafka: starting the broker...". */
  step(component: string, message: string): void;
}

export const silentReporter: ProgressReporter = { step: () => undefined };
