import { encodeCursor } from './list-cursor';
import { listParamsOf, MAX_PAGE_SIZE } from './list-params';

const fieldsOf = (raw: Record<string, unknown>) => {
  const result = listParamsOf(raw);
  return result.ok ? [] : result.fields.map((error) => error.field);
};

describe('listParamsOf', () => {
  it('defaults to the first page of 20, unfiltered', () => {
    expect(listParamsOf({})).toEqual({
      ok: true,
      params: { filter: {}, limit: 20, after: undefined, query: {} },
    });
  });

  it('reads the filters, the limit and the cursor', () => {
    const position = { requestedAt: new Date('2026-12-01T08:00:00.000Z'), activationId: 'act-9' };
    const raw = {
      state: 'completed',
      requestedFrom: '2026-12-01T00:00:00Z',
      requestedTo: '2026-12-02T00:00:00+01:00',
      limit: '5',
      cursor: encodeCursor(position),
    };
    const result = listParamsOf(raw);
    expect(result.ok && result.params).toEqual({
      filter: {
        state: 'completed',
        requestedFrom: new Date('2026-12-01T00:00:00Z'),
        requestedBefore: new Date('2026-12-01T23:00:00Z'),
      },
      limit: 5,
      after: position,
      query: { state: 'completed', requestedFrom: raw.requestedFrom, requestedTo: raw.requestedTo },
    });
  });

  it('names every bad parameter', () => {
    const raw = { state: 'done', requestedFrom: 'yesterday', limit: '0', colour: 'red' };
    expect(fieldsOf(raw).sort()).toEqual(['colour', 'limit', 'requestedFrom', 'state']);
    expect(fieldsOf({ limit: String(MAX_PAGE_SIZE + 1) })).toEqual(['limit']);
    expect(fieldsOf({ limit: '2.5' })).toEqual(['limit']);
  });

  it('refuses an empty or reversed date range, a foreign cursor and a repeated parameter', () => {
    const day = '2026-12-01T00:00:00Z';
    expect(fieldsOf({ requestedFrom: day, requestedTo: day })).toEqual(['requestedTo']);
    expect(fieldsOf({ cursor: 'abc' })).toEqual(['cursor']);
    expect(fieldsOf({ state: ['held', 'failed'] })).toEqual(['state']);
  });
});
