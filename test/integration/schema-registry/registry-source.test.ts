import axios from 'axios';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkAgainstRegistry,
  defaultContractsDir,
  EventTypes,
  loadLocalRegistry,
} from '@handoff/contracts';
import {
  RegistrySchemaSource,
  SchemaRegistryRejectedError,
  subjectOf,
  type OwnSchema,
} from '@handoff/messaging';
import { Type } from 'avsc';
import {
  contractSchema,
  outsideActivationSchema,
  registerAsOutsider,
  registeredSchemaSource,
  registry,
  registryClient,
  requireRegistry,
} from '../../support/schema-registry-harness';
import { uniqueName } from '../../support/test-infra';

const local = loadLocalRegistry();

function testRecord(fields: object[]): string {
  return JSON.stringify({ type: 'record', name: 'Probe', namespace: 'test.registry', fields });
}

async function latestIdInRegistry(subject: string): Promise<number> {
  const res = await axios.get<{ id: number }>(
    `${registry.url}/subjects/${encodeURIComponent(subject)}/versions/latest`,
  );
  return res.data.id;
}

describe('schema registry source (real Apicurio Registry)', () => {
  beforeAll(requireRegistry);

  it("registers Handoff's latest schemas under record-name subjects, once, and writes with their ids", async () => {
    const first = await registeredSchemaSource();
    const again = await registeredSchemaSource();

    for (const fullName of local.fullNames()) {
      const id = await latestIdInRegistry(fullName);
      expect(first.latest(fullName).id).toBe(id);
      expect(again.latest(fullName).id).toBe(id);
    }
    const versions = await axios.get<number[]>(
      `${registry.url}/subjects/${EventTypes.ActivationRequested}/versions`,
    );
    expect(versions.data).toHaveLength(1);
  });

  it('resolves a writer schema by its registry id; an id the registry lacks stays a permanent error', async () => {
    const id = await registerAsOutsider(uniqueName('outside-value'), outsideActivationSchema());
    const source = await registeredSchemaSource();
    const missing = 2_000_000_000;

    await source.resolve!([id, missing]);

    expect(source.byId(id)).toMatchObject({ id, fullName: EventTypes.ActivationRequested });
    let refusal: unknown;
    try {
      source.byId(missing);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'MESSAGING.UNKNOWN_SCHEMA', retryable: false });
  });

  it('refuses an incompatible new version with a 409 under BACKWARD compatibility', async () => {
    const client = registryClient();
    const subject = uniqueName('compat');
    await client.setCompatibility(subject, 'BACKWARD');
    await client.register(subject, testRecord([{ name: 'a', type: 'string' }]));
    const withoutDefault = testRecord([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string' },
    ]);
    const withDefault = testRecord([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string', default: '' },
    ]);

    await expect(client.checkCompatibility(subject, withoutDefault)).resolves.toMatchObject({
      compatible: false,
    });
    const refused = client.register(subject, withoutDefault);
    await expect(refused).rejects.toBeInstanceOf(SchemaRegistryRejectedError);
    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(client.register(subject, withDefault)).resolves.toEqual(expect.any(Number));
  });

  it('in check-only mode, refuses to start naming the schemas the registry does not hold', async () => {
    const name = `Probe${randomBytes(4).toString('hex')}`;
    const schema = JSON.stringify({ type: 'record', name, namespace: 'test.registry', fields: [] });
    const own: OwnSchema = {
      fullName: `test.registry.${name}`,
      version: 1,
      schema,
      type: Type.forSchema(JSON.parse(schema) as never),
    };
    await expect(
      RegistrySchemaSource.connect({ client: registryClient(), own: [own], autoRegister: false }),
    ).rejects.toThrow(
      new RegExp(`does not hold 1 of Handoff's schemas \\(test\\.registry\\.${name} v1\\)`),
    );
  });

  describe('contracts check against the registry', () => {
    let dir: string;
    beforeEach(() => {
      dir = join(mkdtempSync(join(tmpdir(), 'registry-check-')), 'contracts');
      cpSync(defaultContractsDir(), dir, { recursive: true });
    });
    afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

    it('finds every event type registered, and names a schema the registry would refuse', async () => {
      await registeredSchemaSource();
      const ok = await checkAgainstRegistry({
        contractsDir: dir,
        client: registryClient(),
        subjectOf,
      });
      expect(ok.problems).toEqual([]);
      expect(ok.summary).toContain(`${local.fullNames().length} registered`);

      const file = 'activation/activation-requested.v3.avsc';
      const latest = contractSchema(file);
      const breaking = {
        ...latest,
        fields: [...latest.fields, { name: 'campaign', type: 'string' }],
      };
      writeFileSync(join(dir, 'avro', file), JSON.stringify(breaking));
      const refused = await checkAgainstRegistry({
        contractsDir: dir,
        client: registryClient(),
        subjectOf,
      });
      expect(refused.problems).toEqual([
        expect.stringMatching(
          /activation-requested\.v3\.avsc: handoff\.activation\.ActivationRequested v3 is not compatible with the latest version of subject handoff\.activation\.ActivationRequested/,
        ),
      ]);
    });
  });
});
