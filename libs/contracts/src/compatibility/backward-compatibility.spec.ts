import { checkBackwardCompatibility } from './backward-compatibility';

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'handoff.common',
  fields: [
    { name: 'amountMinor', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
};
const state = {
  type: 'enum',
  name: 'State',
  namespace: 'handoff.common',
  symbols: ['open', 'held', 'closed'],
};

type Field = { name: string } & Record<string, unknown>;

function event(extraFields: Field[], overrides: Record<string, unknown> = {}) {
  const fields: Field[] = [
    { name: 'subjectId', type: 'string' },
    { name: 'count', type: 'int' },
    { name: 'amount', type: money },
    { name: 'state', type: state },
    ...extraFields,
  ];
  return { type: 'record', name: 'Thing', namespace: 'handoff.test', fields, ...overrides };
}

function withField(name: string, type: unknown) {
  const base = event([]);
  return { ...base, fields: base.fields.map((f) => (f.name === name ? { ...f, type } : f)) };
}

describe('checkBackwardCompatibility', () => {
  it('accepts a field added with a default', () => {
    const next = event([{ name: 'note', type: ['null', 'string'], default: null }]);
    expect(checkBackwardCompatibility(event([]), next)).toEqual([]);
  });

  it('names a field added without a default', () => {
    const problems = checkBackwardCompatibility(
      event([]),
      event([{ name: 'dealerReference', type: 'string' }]),
    );
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'field-added-without-default', path: 'dealerReference' }),
    ]);
    expect(problems[0].message).toContain('dealerReference');
  });

  it('names a field whose type changed from string to int', () => {
    const problems = checkBackwardCompatibility(event([]), withField('subjectId', 'int'));
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'type-changed', path: 'subjectId' }),
    ]);
    expect(problems[0].message).toBe('field subjectId: type changed from string to int');
  });

  it('names the nested field of a shared record that changed type', () => {
    const brokenMoney = {
      ...money,
      fields: [{ name: 'amountMinor', type: 'string' }, money.fields[1]],
    };
    const problems = checkBackwardCompatibility(event([]), withField('amount', brokenMoney));
    expect(problems.map((p) => p.path)).toEqual(['amount.amountMinor']);
  });

  it('reports an enum symbol removed without a default, naming the symbol', () => {
    const problems = checkBackwardCompatibility(
      event([]),
      withField('state', { ...state, symbols: ['open', 'closed'] }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'enum-symbol-removed', path: 'state' }),
    ]);
    expect(problems[0].message).toContain('held');
  });

  it('accepts an enum symbol removed when the reader has a default', () => {
    const next = withField('state', {
      ...state,
      symbols: ['open', 'closed', 'unknown'],
      default: 'unknown',
    });
    expect(checkBackwardCompatibility(event([]), next)).toEqual([]);
  });

  it('accepts a promotion from int to long', () => {
    expect(checkBackwardCompatibility(event([]), withField('count', 'long'))).toEqual([]);
  });

  it('reports an optional field made required, since null values cannot be read', () => {
    const previous = event([{ name: 'note', type: ['null', 'string'], default: null }]);
    const next = event([{ name: 'note', type: 'string' }]);
    expect(checkBackwardCompatibility(previous, next)).toEqual([
      expect.objectContaining({ kind: 'type-changed', path: 'note' }),
    ]);
  });

  it('reports a field removed that had no default', () => {
    const next = { ...event([]), fields: event([]).fields.filter((f) => f.name !== 'count') };
    expect(checkBackwardCompatibility(event([]), next)).toEqual([
      expect.objectContaining({ kind: 'field-removed-without-default', path: 'count' }),
    ]);
  });

  it('accepts a field renamed with an alias', () => {
    const renamed = event([]).fields.map((f) =>
      f.name === 'count' ? { ...f, name: 'total', aliases: ['count'] } : f,
    );
    expect(checkBackwardCompatibility(event([]), { ...event([]), fields: renamed })).toEqual([]);
  });

  it('reports a renamed record without an alias', () => {
    expect(checkBackwardCompatibility(event([]), event([], { name: 'Other' }))).toEqual([
      expect.objectContaining({ kind: 'name-changed', path: '' }),
    ]);
  });

  it('reports an invalid schema instead of throwing', () => {
    expect(checkBackwardCompatibility(event([]), { type: 'record', name: 'Broken' })).toEqual([
      expect.objectContaining({ kind: 'invalid-schema' }),
    ]);
  });
});
