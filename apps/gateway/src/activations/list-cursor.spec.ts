import { decodeCursor, encodeCursor } from './list-cursor';

describe('list cursor', () => {
  const position = { requestedAt: new Date('2026-12-03T10:15:30.123Z'), activationId: 'act-1' };

  it('decodes what it encoded', () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('refuses a cursor it did not issue', () => {
    const encoded = (value: unknown) =>
      Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    for (const cursor of [
      'not a cursor',
      'bm90IGpzb24',
      encoded(['x']),
      encoded({ t: 'yesterday', a: 'act-1' }),
      encoded({ t: '2026-12-03T10:15:30.123Z', a: '' }),
      encoded({ t: '2026-12-03T10:15:30.123Z' }),
    ]) {
      expect(decodeCursor(cursor)).toBeUndefined();
    }
  });
});
