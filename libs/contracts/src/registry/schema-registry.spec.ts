import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractsError, UnknownSchemaError } from '../errors';
import { EventTypes } from '../generated/events';
import { defaultContractsDir, readJsonFile } from '../schema/schema-files';
import { readSchemaIds, writeSchemaIds } from './schema-ids';
import { loadLocalRegistry } from './schema-registry';

function copyOfContracts(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'contracts-spec-')), 'contracts');
  cpSync(defaultContractsDir(), dir, { recursive: true });
  return dir;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('loadLocalRegistry', () => {
  const registry = loadLocalRegistry();

  it('loads every event type of the committed contracts, once', () => {
    expect(registry.fullNames()).toEqual(Object.values(EventTypes).sort());
    expect(loadLocalRegistry()).toBe(registry);
  });

  it('serves the highest version as the reader schema', () => {
    const latest = registry.latest(EventTypes.ActivationRequested);
    expect(latest).toMatchObject({ fullName: EventTypes.ActivationRequested, version: 3 });
    expect(registry.byId(latest.id)).toBe(latest);
    expect(registry.idOf(EventTypes.ActivationRequested, 3)).toBe(latest.id);
  });

  it('decodes an ActivationRequested v1 record with the latest reader, the new fields taking their defaults', () => {
    const v1 = registry.byId(registry.idOf(EventTypes.ActivationRequested, 1));
    const value = readJsonFile(
      join(defaultContractsDir(), 'fixtures/valid/handoff.activation.ActivationRequested.v1.json'),
    );
    const decoded = registry
      .latest(v1.fullName)
      .type.fromBuffer(v1.type.toBuffer(value), registry.resolverFor(v1.id));
    expect(decoded).toMatchObject({ ...(value as object), dealerReference: null });
  });

  it('keeps the inline port-in secrets of an outside producer still writing v1, with no claim check', () => {
    const v1 = registry.byId(registry.idOf(EventTypes.ActivationRequested, 1));
    const value = readJsonFile(
      join(defaultContractsDir(), 'fixtures/valid/handoff.activation.ActivationRequested.v1.json'),
    ) as Record<string, unknown>;
    const portIn = { donorOperator: 'Acme Mobile', accountNumber: '998877', pin: '4321' };
    const decoded = registry
      .latest(v1.fullName)
      .type.fromBuffer(v1.type.toBuffer({ ...value, portIn }), registry.resolverFor(v1.id));
    expect(decoded).toMatchObject({ portIn: { ...portIn, secretsRef: null } });
  });

  it('throws UnknownSchemaError, a permanent error, for an unknown id', () => {
    expect(() => registry.byId(9999)).toThrow(UnknownSchemaError);
    expect(thrownBy(() => registry.byId(9999))).toMatchObject({
      code: 'CONTRACTS.UNKNOWN_SCHEMA',
      retryable: false,
      stage: 'deserialize',
    });
    expect(() => registry.latest('handoff.nope.Missing')).toThrow(UnknownSchemaError);
    expect(() => registry.idOf(EventTypes.ActivationRequested, 7)).toThrow(UnknownSchemaError);
  });

  describe('on an inconsistent contracts directory', () => {
    let dir: string;
    beforeEach(() => (dir = copyOfContracts()));
    afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

    it('names a schema file that has no id', () => {
      const { entries } = readSchemaIds(dir);
      writeSchemaIds(
        dir,
        entries.filter((e) => e.file !== 'avro/tax/tax-voided.v1.avsc'),
      );
      expect(() => loadLocalRegistry(dir)).toThrow(ContractsError);
      expect(() => loadLocalRegistry(dir)).toThrow(
        /contracts\/avro\/tax\/tax-voided\.v1\.avsc has no id/,
      );
    });

    it('names the missing file of a registered id', () => {
      rmSync(join(dir, 'avro/usage/usage-record-received.v1.avsc'));
      expect(() => loadLocalRegistry(dir)).toThrow(
        /points at contracts\/avro\/usage\/usage-record-received\.v1\.avsc, which does not exist/,
      );
    });
  });
});
