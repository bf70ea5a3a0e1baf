import * as avro from 'avsc';
import { resolve } from 'node:path';
import { ContractsError, UnknownSchemaError } from '../errors';
import { defaultContractsDir } from '../schema/schema-files';
import type { Json } from '../schema/schema-model';
import { ContractSchema, scanContracts } from './scan-contracts';

/** A registered schema version: what a Confluent-style schema id on the wire refers to. */
export interface RegisteredSchema {
  readonly id: number;
  readonly fullName: string;
  readonly version: number;
  /** Relative to the contracts directory. */
  readonly file: string;
  /** The schema as written in its file (what a remote registry is given). */
  readonly json: Json;
  readonly type: avro.Type;
}

export interface SchemaRegistry {
  /** The writer schema of an id; throws UnknownSchemaError for an id it does not know. */
  byId(id: number): RegisteredSchema;
  /** The highest version of an event type: the reader schema consumers decode into. */
  latest(fullName: string): RegisteredSchema;
  idOf(fullName: string, version: number): number;
  /** Every event type (Avro full name), sorted. */
  fullNames(): string[];
  /** Every version of an event type, oldest first. */
  versions(fullName: string): RegisteredSchema[];
  /**
   * Resolver for reading data written with `writerId` into the latest version of its type
   * (undefined when the writer is the latest). Built once per id.
   */
  resolverFor(writerId: number): avro.Resolver | undefined;
}

const loaded = new Map<string, SchemaRegistry>();

/**
 * The registry of the committed contracts. Validates on load (every schema has an id, every id
 * has its unchanged file) and throws ContractsError listing every problem. Cached per directory.
 */
export function loadLocalRegistry(contractsDir: string = defaultContractsDir()): SchemaRegistry {
  const dir = resolve(contractsDir);
  const cached = loaded.get(dir);
  if (cached) return cached;
  const scan = scanContracts(dir);
  if (scan.problems.length > 0) throw new ContractsError(scan.problems);
  const registry = new LocalSchemaRegistry(scan.registered);
  loaded.set(dir, registry);
  return registry;
}

class LocalSchemaRegistry implements SchemaRegistry {
  private readonly ids = new Map<number, RegisteredSchema>();
  private readonly byName = new Map<string, RegisteredSchema[]>();
  private readonly resolvers = new Map<number, avro.Resolver | undefined>();

  constructor(schemas: readonly (ContractSchema & { id: number })[]) {
    for (const { id, fullName, version, file, json, type } of schemas) {
      const schema: RegisteredSchema = Object.freeze({ id, fullName, version, file, json, type });
      this.ids.set(id, schema);
      this.byName.set(fullName, [...(this.byName.get(fullName) ?? []), schema]);
    }
    for (const versions of this.byName.values()) versions.sort((a, b) => a.version - b.version);
  }

  byId(id: number): RegisteredSchema {
    const schema = this.ids.get(id);
    if (!schema) throw new UnknownSchemaError({ id }, `unknown schema id ${id}`);
    return schema;
  }

  latest(fullName: string): RegisteredSchema {
    const versions = this.versions(fullName);
    return versions[versions.length - 1];
  }

  idOf(fullName: string, version: number): number {
    const schema = this.versions(fullName).find((s) => s.version === version);
    if (!schema) {
      throw new UnknownSchemaError({ fullName, version }, `unknown schema ${fullName} v${version}`);
    }
    return schema.id;
  }

  fullNames(): string[] {
    return [...this.byName.keys()].sort();
  }

  versions(fullName: string): RegisteredSchema[] {
    const versions = this.byName.get(fullName);
    if (!versions) throw new UnknownSchemaError({ fullName }, `unknown event type ${fullName}`);
    return [...versions];
  }

  resolverFor(writerId: number): avro.Resolver | undefined {
    if (this.resolvers.has(writerId)) return this.resolvers.get(writerId);
    const writer = this.byId(writerId);
    const reader = this.latest(writer.fullName);
    const resolver = reader.id === writer.id ? undefined : reader.type.createResolver(writer.type);
    this.resolvers.set(writerId, resolver);
    return resolver;
  }
}
