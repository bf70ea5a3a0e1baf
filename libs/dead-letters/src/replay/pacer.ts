/** Spaces calls `1/perSecond` apart from the first one, so a bulk replay cannot flood a recovering vendor. */
export class Pacer {
  private readonly intervalMs: number;
  private startedAt: number | undefined;
  private calls = 0;

  constructor(perSecond: number) {
    this.intervalMs = 1_000 / perSecond;
  }

  async next(): Promise<void> {
    this.startedAt ??= Date.now();
    const due = this.startedAt + this.calls * this.intervalMs;
    this.calls += 1;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
