import { readFileSync } from 'node:fs';
import { parseSchemaModel } from '../schema/parse-schema-model';
import { RecordNode } from '../schema/schema-model';
import { generateEventTypes, GENERATED_TYPES_FILE } from './generate-types';
import { renderEventTypes } from './render-types';

describe('generated event types', () => {
  it('are up to date with the schemas', () => {
    expect(readFileSync(GENERATED_TYPES_FILE, 'utf8')).toBe(generateEventTypes());
  });
});

describe('renderEventTypes', () => {
  const model = parseSchemaModel({
    type: 'record',
    name: 'ThingHappened',
    namespace: 'handoff.test',
    doc: 'A thing happened.',
    fields: [
      { name: 'subjectId', type: 'string' },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
      { name: 'note', type: ['null', 'string'], default: null },
      {
        name: 'state',
        type: {
          type: 'enum',
          name: 'State',
          namespace: 'handoff.common',
          symbols: ['a', 'b'],
          default: 'a',
        },
      },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'limits', type: { type: 'map', values: 'int' } },
      {
        name: 'parts',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Part',
            namespace: 'handoff.common',
            fields: [{ name: 'n', type: 'double' }],
          },
        },
      },
      { name: 'previous', type: ['null', 'handoff.common.Part'], default: null },
    ],
  }) as RecordNode;
  const source = renderEventTypes([
    {
      fullName: 'handoff.test.ThingHappened',
      version: 3,
      file: 'avro/test/thing-happened.v3.avsc',
      model,
    },
  ]);

  it('maps Avro types to TypeScript', () => {
    expect(source).toContain('at: number;');
    expect(source).toContain('note: string | null;');
    expect(source).toContain("export type State = 'a' | 'b';");
    expect(source).toContain('state: State;');
    expect(source).toContain('tags: string[];');
    expect(source).toContain('limits: Record<string, number>;');
    expect(source).toContain('export interface Part {\nn: number;\n}');
    expect(source).toContain('parts: Part[];');
    expect(source).toContain('previous: Part | null;');
  });

  it('maps each event type to its payload', () => {
    expect(source).toContain("ThingHappened: 'handoff.test.ThingHappened',");
    expect(source).toContain('[EventTypes.ThingHappened]: ThingHappened;');
    expect(source).toContain(
      'Avro `handoff.test.ThingHappened` v3 (contracts/avro/test/thing-happened.v3.avsc).',
    );
  });

  it('refuses unions it cannot type like avsc decodes them', () => {
    const wide = parseSchemaModel({
      type: 'record',
      name: 'Wide',
      namespace: 'handoff.test',
      fields: [{ name: 'x', type: ['null', 'string', 'int'] }],
    }) as RecordNode;
    expect(() =>
      renderEventTypes([{ fullName: 'handoff.test.Wide', version: 1, file: 'x', model: wide }]),
    ).toThrow(/unsupported union/);
  });
});
