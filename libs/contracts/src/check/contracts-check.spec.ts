import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSchemaIds } from '../registry/schema-ids';
import { defaultContractsDir, readJsonFile } from '../schema/schema-files';
import { JsonObject } from '../schema/schema-model';
import { registerNewSchemas, runContractsCheck } from './contracts-check';

/** The latest published version of ActivationRequested, and the next one the tests add. */
const LATEST = 'avro/activation/activation-requested.v3.avsc';
const NEXT = 'avro/activation/activation-requested.v4.avsc';
const FIXTURE_LATEST = 'fixtures/valid/handoff.activation.ActivationRequested.v3.json';

describe('runContractsCheck on a copy of the contracts', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'contracts-check-')), 'contracts');
    cpSync(defaultContractsDir(), dir, { recursive: true });
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  function addNext(change: (fields: JsonObject[]) => JsonObject[]): void {
    const latest = readJsonFile(join(dir, LATEST)) as JsonObject;
    writeFileSync(
      join(dir, NEXT),
      JSON.stringify({ ...latest, fields: change(latest.fields as JsonObject[]) }),
    );
    cpSync(join(dir, FIXTURE_LATEST), join(dir, FIXTURE_LATEST.replace('.v3.', '.v4.')));
  }

  it('passes with a compatible new version once it is registered', () => {
    addNext((fields) => [
      ...fields,
      { name: 'campaignCode', type: ['null', 'string'], default: null },
    ]);
    const nextId = Math.max(...readSchemaIds(dir).entries.map((entry) => entry.id)) + 1;
    expect(registerNewSchemas(dir)).toEqual([
      expect.objectContaining({ id: nextId, version: 4, file: NEXT }),
    ]);
    const report = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(report.problems).toEqual([]);
  });

  it('fails naming the file and the field when a new version adds a field without a default', () => {
    addNext((fields) => [...fields, { name: 'campaignCode', type: 'string' }]);
    registerNewSchemas(dir);
    const { problems } = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(problems).toContainEqual(
      'contracts/avro/activation/activation-requested.v4.avsc: v4 cannot read v3 data: field campaignCode: ' +
        'was added without a default: data written by the previous version has no value for it',
    );
  });

  it('fails when a registered schema is edited in place, and when a schema has no id', () => {
    const latest = readJsonFile(join(dir, LATEST)) as JsonObject;
    writeFileSync(
      join(dir, LATEST),
      JSON.stringify({ ...latest, fields: (latest.fields as JsonObject[]).slice(0, -1) }),
    );
    addNext((fields) => fields);
    const { problems } = runContractsCheck({ contractsDir: dir, generatedTypesFile: null });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /activation-requested\.v3\.avsc changed after it was registered as id \d+/,
        ),
        expect.stringMatching(/activation-requested\.v4\.avsc has no id in schema-ids\.json/),
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
    addNext((fields) => fields);
    registerNewSchemas(dir);
    const after = readSchemaIds(dir).entries;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[after.length - 1].id).toBe(Math.max(...before.map((e) => e.id)) + 1);
  });
});
