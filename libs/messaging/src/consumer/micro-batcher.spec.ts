import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('answers each caller with its own result from one call per batch', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher(async (items: number[]) => {
      calls.push(items);
      return items.map((n) => n * 2);
    });

    const results = await Promise.all([1, 2, 3].map((n) => batcher.load(n)));

    expect(results).toEqual([2, 4, 6]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives during a flush into the next one, never two flushes at once', async () => {
    let running = 0;
    let overlapped = false;
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new MicroBatcher(async (items: number[]) => {
      running += 1;
      overlapped ||= running > 1;
      calls.push(items);
      if (calls.length === 1) await gate;
      running -= 1;
      return items;
    });

    const first = batcher.load(1);
    await new Promise((r) => setImmediate(r));
    const later = [batcher.load(2), batcher.load(3)];
    release();

    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(calls).toEqual([[1], [2, 3]]);
    expect(overlapped).toBe(false);
  });

  it('rejects every caller of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new MicroBatcher(async (items: number[]) => {
      if (fail) throw new Error('database down');
      return items;
    });

    await expect(Promise.all([batcher.load(1), batcher.load(2)])).rejects.toThrow('database down');
    fail = false;
    await expect(batcher.load(3)).resolves.toBe(3);
  });
});
