import type { EventCodec } from '../envelope/event-codec';
import type { BatchControl, IncomingRecord } from '../port/messaging.port';
import { SchemaRegistryUnavailableError } from '../serde/schema-registry.errors';
import { SchemaPrefetch } from './schema-prefetch';

const records: IncomingRecord[] = ['5', '6'].map((offset) => ({
  topic: 'lifecycle',
  partition: 2,
  offset,
  key: 'k',
  value: null,
  headers: {},
  timestamp: '0',
}));

function setUp(prepare: () => Promise<void>) {
  const pauses: { offset: string; delayMs: number }[] = [];
  const control: BatchControl = {
    shouldContinue: () => true,
    heartbeat: async () => undefined,
    take: () => undefined,
    commit: async () => undefined,
    pauseAndRewind: (offset, delayMs) => void pauses.push({ offset, delayMs }),
    pauseAt: () => () => undefined,
  };
  const lines: string[] = [];
  const keep = (_: unknown, message: string) => void lines.push(message);
  const prefetch = new SchemaPrefetch(
    { prepare } as unknown as EventCodec,
    { info: keep, warn: keep, error: keep },
    'group',
    { baseMs: 100, capMs: 400 },
  );
  return { prefetch, control, pauses, lines };
}

describe('SchemaPrefetch', () => {
  it('lets a batch through once its schemas are resolved', async () => {
    const { prefetch, control, pauses } = setUp(async () => undefined);
    await expect(prefetch.ready(records, control)).resolves.toBe(true);
    expect(pauses).toEqual([]);
  });

  it('runs the work once the schemas are resolved', async () => {
    const { prefetch, control, pauses } = setUp(async () => undefined);
    const work = jest.fn(async () => undefined);
    await expect(prefetch.run(records, control, work)).resolves.toBe(true);
    expect(work).toHaveBeenCalledTimes(1);
    expect(pauses).toEqual([]);
  });

  it('pauses and rewinds to the first record while the registry does not answer, with a growing backoff', async () => {
    let down = true;
    const { prefetch, control, pauses, lines } = setUp(async () => {
      if (down) throw new SchemaRegistryUnavailableError('registry down');
    });
    const work = jest.fn(async () => undefined);
    for (let i = 0; i < 4; i++)
      await expect(prefetch.run(records, control, work)).resolves.toBe(false);

    expect(work).not.toHaveBeenCalled();
    expect(pauses.map((p) => p.offset)).toEqual(['5', '5', '5', '5']);
    for (const { delayMs } of pauses) expect(delayMs).toBeGreaterThanOrEqual(100);
    expect(pauses[3].delayMs).toBeLessThanOrEqual(400);
    expect(lines.filter((l) => l.startsWith('schema registry unavailable'))).toHaveLength(1);

    down = false;
    await expect(prefetch.run(records, control, work)).resolves.toBe(true);
    expect(lines).toContain('schema registry answers again: partition resumed');
  });

  it('treats the registry failing inside the work (parked records) the same way', async () => {
    const { prefetch, control, pauses } = setUp(async () => undefined);
    const work = async () => {
      throw new SchemaRegistryUnavailableError('registry down');
    };
    await expect(prefetch.run(records, control, work)).resolves.toBe(false);
    expect(pauses).toHaveLength(1);
  });

  it('lets every other error through', async () => {
    const { prefetch, control, pauses } = setUp(async () => undefined);
    const work = async () => {
      throw new Error('database gone');
    };
    await expect(prefetch.run(records, control, work)).rejects.toThrow('database gone');
    expect(pauses).toEqual([]);
  });
});
