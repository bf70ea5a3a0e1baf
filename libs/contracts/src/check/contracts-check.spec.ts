import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSchemaIds } from '../registry/schema-ids';
import { defaultContractsDir, readJsonFile } from '../schema/schema-files';
import { JsonObject } from '../schema/schema-model';
import { registerNewSchemas, runContractsCheck } from './contracts-check';

const V2 = 'avro/activation/activation-requested.v2.avsc';
const V3 = 'avro/activation/activation-requested.v3.avsc';
const FIXTURE_V2 = 'fixtures/valid/handoff.activation.ActivationRequested.v2.json';

describe('runContractsCheck on a copy of the contracts', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'contracts-check-')), 'contracts');
    cpSync(defaultContractsDir(), dir, { recursive: true });
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  function addV3(change: (fields: JsonObject[]) => JsonObject[]): void {
    const v2 = readJsonFile(join(dir, V2)) as JsonObject;
    writeFileSync(
      join(dir, V3),
      JSON.stringify({ ...v2, fields: change(v2.fields as JsonObject[]) }),
    );
    cpSync(join(dir, FIXTURE_V2), join(dir, FIXTURE_V2.replace('.v2.', '.v3.')));
  }

  it('passes with a compatible new version once it is registered', () => {
    addV3((fields) => [
      ...fields,
      { name: 'campaignCode', type: ['null', 'string'], default: null },
    ]);
    const nextId = Math.max(...readSchemaIds(dir).entries.map((entry) => entry.id)) + 1;
    expect(registerNewSchemas(dir)).toEqual([
      expect.objectContaining({ id: nextId, version: 3, file: V3 }),
    ]);
    const report = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(report.problems).toEqual([]);
  });

  it('fails naming the file and the field when a new version adds a field without a default', () => {
    addV3((fields) => [...fields, { name: 'campaignCode', type: 'string' }]);
    registerNewSchemas(dir);
    const { problems } = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(problems).toContainEqual(
      'contracts/avro/activation/activation-requested.v3.avsc: v3 cannot read v2 data: field campaignCode: ' +
        'was added without a default: data written by the previous version has no value for it',
    );
  });

  it('fails when a registered schema is edited in place, and when a schema has no id', () => {
    const v2 = readJsonFile(join(dir, V2)) as JsonObject;
    writeFileSync(
      join(dir, V2),
      JSON.stringify({ ...v2, fields: (v2.fields as JsonObject[]).slice(0, -1) }),
    );
    addV3((fields) => fields);
    const { problems } = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /activation-requested\.v2\.avsc changed after it was registered as id \d+/,
        ),
        expect.stringMatching(/activation-requested\.v3\.avsc has no id in schema-ids\.json/),
      ]),
    );
  });

  it('fails when an invalid fixture is valid after all', () => {
    const file = join(dir, 'fixtures/invalid/usage-record-received.v1.duration-as-string.json');
    const fixture = readJsonFile(file) as JsonObject;
    writeFileSync(
      file,
      JSON.stringify({
        ...fixture,
        value: { ...(fixture.value as JsonObject), durationSeconds: 1820 },
      }),
    );
    const { problems } = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(problems).toEqual([
      expect.stringContaining(
        'duration-as-string.json: is valid for handoff.usage.UsageRecordReceived v1',
      ),
    ]);
  });

  it('fails when the generated types are stale', () => {
    const stale = join(dir, 'events.ts');
    writeFileSync(stale, '// stale\n');
    const { problems } = runContractsCheck({ contractsDir: dir, generatedTypesFile: stale });
    expect(problems).toEqual([
      expect.stringContaining('is out of date: run npm run contracts:generate'),
    ]);
  });

  it('registers new ids after the highest one and never renumbers', () => {
    const before = readSchemaIds(dir).entries;
    addV3((fields) => fields);
    registerNewSchemas(dir);
    const after = readSchemaIds(dir).entries;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[after.length - 1].id).toBe(Math.max(...before.map((e) => e.id)) + 1);
  });
});
