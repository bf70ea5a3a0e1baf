import { Type } from 'avsc';
import { PermanentError } from '@handoff/resilience';
import { EventCodec } from '../envelope/event-codec';
import { AvroSerde } from './avro-serde';
import { RegistrySchemaSource, type OwnSchema, type RegistryCalls } from './registry-schema.source';
import type { RegistrySchema, SchemaLookup } from './schema-registry.client';
import { SchemaRegistryUnavailableError } from './schema-registry.errors';

const V1 = {
  type: 'record',
  name: 'Probe',
  namespace: 'test',
  fields: [{ name: 'a', type: 'string' }],
};
const V2 = { ...V1, fields: [...V1.fields, { name: 'b', type: 'int', default: 7 }] };
const own: OwnSchema = {
  fullName: 'test.Probe',
  version: 2,
  schema: JSON.stringify(V2),
  type: Type.forSchema(V2 as never),
};

/** A registry in memory: subjects, ids, and a switch to make it stop answering. */
class FakeRegistry implements RegistryCalls {
  readonly displayUrl = 'http://registry.test';
  readonly byId = new Map<number, RegistrySchema>([
    [41, { schema: JSON.stringify(V1), schemaType: 'AVRO' }],
  ]);
  readonly subjects = new Map<string, Map<string, number>>();
  readonly compatibility = new Map<string, string>();
  readonly fetched: number[] = [];
  down = false;

  async schemaById(id: number): Promise<RegistrySchema | undefined> {
    this.answer();
    this.fetched.push(id);
    return this.byId.get(id);
  }

  async lookup(subject: string, schema: string): Promise<SchemaLookup> {
    this.answer();
    const versions = this.subjects.get(subject);
    const id = versions?.get(schema);
    return id ? { found: true, id, version: 1 } : { found: false, subjectExists: !!versions };
  }

  async register(subject: string, schema: string): Promise<number> {
    this.answer();
    const versions = this.subjects.get(subject) ?? new Map<string, number>();
    versions.set(schema, 100 + versions.size);
    this.subjects.set(subject, versions);
    return versions.get(schema) as number;
  }

  async setCompatibility(subject: string, level: string): Promise<void> {
    this.compatibility.set(subject, level);
  }

  private answer(): void {
    if (this.down) throw new SchemaRegistryUnavailableError('registry down');
  }
}

function wire(id: number, schema: object, value: object): Buffer {
  const header = Buffer.from([0, 0, 0, 0, 0]);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, Type.forSchema(schema as never).toBuffer(value)]);
}

function record(value: Buffer) {
  return { topic: 't', partition: 0, offset: '0', key: 'k', value, headers: {}, timestamp: '0' };
}

describe('RegistrySchemaSource', () => {
  it("registers a new subject with BACKWARD compatibility and encodes with the registry's id", async () => {
    const registry = new FakeRegistry();
    const source = await RegistrySchemaSource.connect({
      client: registry,
      own: [own],
      autoRegister: true,
    });

    expect(registry.compatibility.get('test.Probe')).toBe('BACKWARD');
    expect(source.latest('test.Probe')).toMatchObject({ id: 100, fullName: 'test.Probe' });
    expect(new AvroSerde(source).encode('test.Probe', { a: 'x', b: 1 }).readUInt32BE(1)).toBe(100);
  });

  it("leaves an existing subject's compatibility rule alone", async () => {
    const registry = new FakeRegistry();
    registry.subjects.set('test.Probe', new Map([[JSON.stringify(V1), 41]]));
    await RegistrySchemaSource.connect({ client: registry, own: [own], autoRegister: true });
    expect(registry.compatibility.size).toBe(0);
  });

  it('in check-only mode registers nothing and names what is missing', async () => {
    const registry = new FakeRegistry();
    await expect(
      RegistrySchemaSource.connect({ client: registry, own: [own], autoRegister: false }),
    ).rejects.toThrow(/does not hold 1 of Handoff's schemas \(test\.Probe v2\)/);
    expect(registry.subjects.size).toBe(0);
  });

  describe('with the codec', () => {
    let registry: FakeRegistry;
    let serde: AvroSerde;
    let codec: EventCodec;
    beforeEach(async () => {
      registry = new FakeRegistry();
      const source = await RegistrySchemaSource.connect({
        client: registry,
        own: [own],
        autoRegister: true,
      });
      serde = new AvroSerde(source);
      codec = new EventCodec(serde);
    });

    it('fetches an unknown writer id once, then decodes into the latest version', async () => {
      const value = wire(41, V1, { a: 'old' });
      await codec.prepare([record(value), record(value)]);
      await codec.prepare([record(value)]);

      expect(registry.fetched).toEqual([41]);
      expect(serde.decode(value)).toEqual({
        fullName: 'test.Probe',
        schemaId: 41,
        data: { a: 'old', b: 7 },
      });
    });

    it("never asks for its own schemas' ids or for values that are not in the wire format", async () => {
      const ours = serde.encode('test.Probe', { a: 'x', b: 1 });
      await codec.prepare([record(ours), record(Buffer.from('garbage'))]);
      expect(registry.fetched).toEqual([]);
    });

    it('keeps an id the registry does not have a permanent unknown schema', async () => {
      const value = wire(404, V1, { a: 'x' });
      await codec.prepare([record(value)]);
      expect(() => serde.decode(value)).toThrow(PermanentError);
      expect(() => serde.decode(value)).toThrow(/has no schema with id 404/);
    });

    it('refuses a schema that is not Avro as a permanent error', async () => {
      registry.byId.set(42, { schema: '{}', schemaType: 'JSON' });
      const value = wire(42, V1, { a: 'x' });
      await codec.prepare([record(value)]);
      expect(() => serde.decode(value)).toThrow(/is a JSON schema, not Avro/);
    });

    it('throws a retryable error when the registry does not answer, and decodes once it does', async () => {
      const value = wire(41, V1, { a: 'x' });
      registry.down = true;
      await expect(codec.prepare([record(value)])).rejects.toBeInstanceOf(
        SchemaRegistryUnavailableError,
      );
      expect(() => serde.decode(value)).toThrow(
        /was not fetched from the registry before decoding/,
      );

      registry.down = false;
      await codec.prepare([record(value)]);
      expect(serde.decode(value).data).toEqual({ a: 'x', b: 7 });
    });
  });
});
