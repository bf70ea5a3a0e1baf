interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the requests made while the previous flush was running (or in the same tick) into one
 * call: the concurrent records of a consumer share one query or one transaction instead of paying
 * a round trip each. One flush runs at a time, so under load batches grow by themselves.
 */
export class MicroBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly flushAll: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 1_000,
  ) {}

  load(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const results = await this.flushAll(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(results[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
