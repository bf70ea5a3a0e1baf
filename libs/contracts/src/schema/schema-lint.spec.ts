import { parseSchemaModel } from './parse-schema-model';
import { lintSchema, sharedTypeProblems } from './schema-lint';
import { Json, JsonObject } from './schema-model';

const where = 'contracts/avro/test/thing.v1.avsc';
const record = (fields: Json[], extra: JsonObject = {}) =>
  parseSchemaModel({
    type: 'record',
    name: 'Thing',
    namespace: 'handoff.test',
    doc: 'A thing.',
    fields,
    ...extra,
  });
const subject = { name: 'subjectId', type: 'string' };

describe('lintSchema', () => {
  it('accepts a documented event with a subject', () => {
    expect(lintSchema({ where, model: record([subject]) })).toEqual([]);
  });

  it('requires a subjectId', () => {
    expect(lintSchema({ where, model: record([{ name: 'x', type: 'string' }]) })).toEqual([
      expect.stringContaining('needs a subjectId field'),
    ]);
  });

  it('requires enums to have a default symbol', () => {
    const state = { type: 'enum', name: 'State', namespace: 'handoff.common', symbols: ['a'] };
    expect(lintSchema({ where, model: record([subject, { name: 's', type: state }]) })).toEqual([
      `${where}: enum handoff.common.State needs a default symbol so that new symbols stay readable`,
    ]);
  });

  it('allows only ["null", T] unions', () => {
    const model = record([subject, { name: 'x', type: ['string', 'null'] }]);
    expect(lintSchema({ where, model })).toEqual([
      `${where}: field x must be ["null", <type>], found ["string","null"]`,
    ]);
  });

  it('keeps nested named types in handoff.common', () => {
    const part = { type: 'record', name: 'Part', fields: [{ name: 'n', type: 'int' }] };
    expect(lintSchema({ where, model: record([subject, { name: 'p', type: part }]) })).toEqual([
      `${where}: nested type handoff.test.Part must be in the handoff.common namespace`,
    ]);
  });
});

describe('sharedTypeProblems', () => {
  it('reports a shared type that differs between files', () => {
    const money = (currencyType: string) => ({
      type: 'record',
      name: 'Money',
      namespace: 'handoff.common',
      fields: [{ name: 'currency', type: currencyType }],
    });
    const a = { where: 'a.avsc', model: record([subject, { name: 'm', type: money('string') }]) };
    const b = {
      where: 'b.avsc',
      model: record([subject, { name: 'm', type: money('bytes') }], { name: 'Other' }),
    };
    expect(sharedTypeProblems([a, b])).toEqual([
      'handoff.common.Money differs between a.avsc and b.avsc',
    ]);
  });
});
