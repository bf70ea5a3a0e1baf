import type { CommitPosition, IncomingRecord } from '../port/messaging.port';
import { ConsumerProgress } from './consumer-progress';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const record = (partition: number, offset: number): IncomingRecord => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: null,
  value: null,
  headers: {},
  timestamp: '0',
});

describe('ConsumerProgress', () => {
  const commits: CommitPosition[][] = [];
  const progress = () => new ConsumerProgress(async (p) => void commits.push(p), log, 'g', 5);
  beforeEach(() => commits.splice(0));

  it('commits each partition up to its first unfinished record, whatever order records finish in', async () => {
    const p = progress();
    const tickets = [0, 1, 2].map((o) => p.take(record(0, o))!);
    const other = p.take(record(1, 7))!;
    p.finish(tickets[1]);
    p.finish(tickets[2]);
    p.finish(other);
    await p.flush();
    expect(commits.at(-1)).toEqual([
      { topic: 't', partition: 0, offset: '0' },
      { topic: 't', partition: 1, offset: '8' },
    ]);
    p.finish(tickets[0]);
    await p.flush();
    expect(commits.at(-1)).toEqual([{ topic: 't', partition: 0, offset: '3' }]);
  });

  it('commits nothing for records taken before a reassignment', async () => {
    const p = progress();
    const before = p.take(record(0, 0))!;
    p.reassigned();
    p.finish(before);
    await p.flush();
    expect(commits).toEqual([]);
  });

  it('does not take a record twice in one assignment', () => {
    const p = progress();
    expect(p.take(record(0, 4))).toBeDefined();
    expect(p.take(record(0, 4))).toBeUndefined();
    expect(p.take(record(0, 5))).toBeDefined();
  });
});
