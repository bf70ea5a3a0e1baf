interface Taken {
  offset: bigint;
  done: boolean;
}

/**
 * The records of one partition taken by this consumer since its partitions were last assigned,
 * finished in any order. The position safe to commit is the first record not yet finished: a
 * crash or a rebalance then redelivers only unfinished work (and the inbox absorbs the rest).
 */
export class PartitionProgress {
  private readonly taken: Taken[] = [];
  private readonly byOffset = new Map<bigint, Taken>();
  private head = 0;
  private next: bigint | undefined;

  /** False when this offset was already taken (a batch fetched again): the record is not taken twice. */
  take(offset: string): boolean {
    const entry = { offset: BigInt(offset), done: false };
    if (this.next !== undefined && entry.offset < this.next) return false;
    this.taken.push(entry);
    this.byOffset.set(entry.offset, entry);
    this.next = entry.offset + 1n;
    return true;
  }

  finish(offset: string): void {
    const entry = this.byOffset.get(BigInt(offset));
    if (!entry) return;
    entry.done = true;
    this.byOffset.delete(entry.offset);
    while (this.head < this.taken.length && this.taken[this.head].done) this.head += 1;
    if (this.head > 1_024 && this.head * 2 > this.taken.length) {
      this.taken.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The offset to commit (the next record to read after a restart), or undefined before any take. */
  committable(): string | undefined {
    if (this.head < this.taken.length) return this.taken[this.head].offset.toString();
    return this.next?.toString();
  }

  get unfinished(): number {
    return this.taken.length - this.head;
  }
}
