import type { OutgoingRecord } from '../port/messaging.port';
import { sendChunks } from './send-chunks';

const record = (n: number, bytes: number): OutgoingRecord => ({
  topic: 't.dlt',
  key: `k${n}`,
  value: Buffer.alloc(bytes),
  headers: { ce_id: `e${n}` },
});

describe('sendChunks', () => {
  it('cuts a large send into runs under the limit, in order, every record once', () => {
    const records = Array.from({ length: 500 }, (_, n) => record(n, 3_000));
    const chunks = sendChunks(records, 100_000);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(records);
    for (const chunk of chunks) {
      expect(chunk.reduce((n, r) => n + r.value.length, 0)).toBeLessThanOrEqual(100_000);
    }
  });

  it('keeps a small send whole and sends a record over the limit alone', () => {
    expect(sendChunks([record(1, 10), record(2, 10)], 1_000)).toHaveLength(1);
    const big = record(3, 5_000);
    expect(sendChunks([record(1, 10), big, record(2, 10)], 1_000)).toEqual([
      [record(1, 10)],
      [big],
      [record(2, 10)],
    ]);
  });
});
