/** How a simulated call ended; injected faults are told apart from the handler's own answers. */
export type CallOutcome =
  | 'ok'
  | 'rejected'
  | 'failed'
  | 'injectedError'
  | 'outage'
  | 'timeout'
  | 'malformed'
  | 'slowAnswer';

export type EndpointStats = { total: number } & Partial<Record<CallOutcome, number>>;

/** Calls per endpoint and per outcome, so tests can assert how often a client called. */
export class CallStats {
  private readonly calls = new Map<string, Map<CallOutcome, number>>();

  constructor(private readonly endpoints: readonly string[]) {}

  record(endpoint: string, outcome: CallOutcome): void {
    const outcomes = this.calls.get(endpoint) ?? new Map<CallOutcome, number>();
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    this.calls.set(endpoint, outcomes);
  }

  snapshot(): Record<string, EndpointStats> {
    return Object.fromEntries(
      this.endpoints.map((endpoint) => {
        const outcomes = Object.fromEntries(this.calls.get(endpoint) ?? []);
        const total = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
        return [endpoint, { total, ...outcomes }];
      }),
    );
  }

  clear(): void {
    this.calls.clear();
  }
}
