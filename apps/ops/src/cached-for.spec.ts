import { cachedFor } from './cached-for';

describe('cachedFor', () => {
  afterEach(() => jest.useRealTimers());

  it('loads once per period however many callers ask, then loads again', async () => {
    jest.useFakeTimers({ now: 0 });
    let loads = 0;
    const read = cachedFor(1_000, () => Promise.resolve(++loads));
    expect(await Promise.all([read(), read()])).toEqual([1, 1]);
    jest.setSystemTime(999);
    expect(await read()).toBe(1);
    jest.setSystemTime(1_000);
    expect(await read()).toBe(2);
  });

  it('does not keep a failed load: the next caller tries again', async () => {
    let loads = 0;
    const read = cachedFor(60_000, () =>
      ++loads === 1 ? Promise.reject(new Error('broker away')) : Promise.resolve(loads),
    );
    await expect(read()).rejects.toThrow('broker away');
    expect(await read()).toBe(2);
  });
});
