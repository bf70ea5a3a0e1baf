import { Type } from 'avsc';
import { PermanentError } from '@handoff/resilience';
import type { SchemaSource } from './avro-serde';
import type { SchemaRegistryClient } from './schema-registry.client';

/** One of Handoff's own event schemas: the version it writes, and reads every record into. */
export interface OwnSchema {
  fullName: string;
  /** Our version number (the contracts' `v<N>`), for messages. */
  version: number;
  /** The schema as registered (JSON text). */
  schema: string;
  type: Type;
}

/** The calls the source makes (a `SchemaRegistryClient`, or a fake in unit specs). */
export type RegistryCalls = Pick<
  SchemaRegistryClient,
  'schemaById' | 'lookup' | 'register' | 'setCompatibility' | 'displayUrl'
>;

export interface RegistrySchemaSourceOptions {
  client: RegistryCalls;
  /** The latest version of each event type Handoff knows. */
  own: readonly OwnSchema[];
  /** True: register `own` where missing; false: only check that every one is registered. */
  autoRegister: boolean;
}

interface WriterSchema {
  id: number;
  fullName: string;
  type: Type;
}

/**
 * Record-name subject strategy: the subject of an event type is its Avro full name, whatever the
 * topic (one topic carries many event types, and one type evolves once for all topics).
 */
export function subjectOf(fullName: string): string {
  return fullName;
}

/** Ids the registry said it does not have, kept so the synchronous decode can say so. Bounded. */
const MAX_REMEMBERED_FAILURES = 1_000;

/**
 * Schemas from a Confluent-compatible registry. Handoff's own schemas are registered (or checked)
 * at start-up, so encoding knows their registry ids. Writer schemas of incoming records are
 * fetched by id ahead of the synchronous decode (`resolve`, called through `EventCodec.prepare`)
 * and cached for good: a registry id never changes meaning.
 */
export class RegistrySchemaSource implements SchemaSource {
  private readonly writers = new Map<number, WriterSchema>();
  private readonly failures = new Map<number, PermanentError>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly readers = new Map<string, WriterSchema>();

  private constructor(private readonly client: RegistryCalls) {}

  /** Registers or checks Handoff's schemas; throws (naming every missing one) when it cannot. */
  static async connect(options: RegistrySchemaSourceOptions): Promise<RegistrySchemaSource> {
    const source = new RegistrySchemaSource(options.client);
    const found = await Promise.all(
      options.own.map((own) => source.idOfOwn(own, options.autoRegister)),
    );
    const missing = options.own.filter((_, i) => found[i] === undefined);
    if (missing.length > 0) {
      throw new PermanentError(
        'MESSAGING.SCHEMAS_NOT_REGISTERED',
        `schema registry at ${options.client.displayUrl} does not hold ${missing.length} of Handoff's schemas ` +
          `(${missing.map((m) => `${m.fullName} v${m.version}`).join(', ')}); register them or set ` +
          'SCHEMA_REGISTRY_AUTO_REGISTER=true',
      );
    }
    options.own.forEach((own, i) => source.addOwn(own, found[i] as number));
    return source;
  }

  byId(id: number): WriterSchema {
    const writer = this.writers.get(id);
    if (writer) return writer;
    throw (
      this.failures.get(id) ??
      new PermanentError(
        'MESSAGING.SCHEMA_NOT_PREFETCHED',
        `schema id ${id} was not fetched from the registry before decoding (await EventCodec.prepare first)`,
        { stage: 'deserialize' },
      )
    );
  }

  latest(fullName: string): WriterSchema {
    const reader = this.readers.get(fullName);
    if (reader) return reader;
    throw new PermanentError('MESSAGING.UNKNOWN_EVENT_TYPE', `unknown event type ${fullName}`, {
      stage: 'deserialize',
    });
  }

  /**
   * Fetches the writer schemas of these ids that are not cached. Resolves once each is either
   * cached or known to be missing; throws `SchemaRegistryUnavailableError` when the registry does
   * not answer, so the caller can retry the whole batch later.
   */
  async resolve(ids: Iterable<number>): Promise<void> {
    const pending = [...new Set(ids)]
      .filter((id) => !this.writers.has(id))
      .map((id) => this.fetchOnce(id));
    await Promise.all(pending);
  }

  private fetchOnce(id: number): Promise<void> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const fetch = this.fetch(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, fetch);
    return fetch;
  }

  private async fetch(id: number): Promise<void> {
    const found = await this.client.schemaById(id);
    if (!found) return this.fail(id, `the schema registry has no schema with id ${id}`);
    if (found.schemaType !== 'AVRO') {
      return this.fail(id, `schema id ${id} is a ${found.schemaType} schema, not Avro`);
    }
    try {
      const type = Type.forSchema(JSON.parse(found.schema) as Parameters<typeof Type.forSchema>[0]);
      this.writers.set(id, { id, fullName: type.name ?? '', type });
      this.failures.delete(id);
    } catch (cause) {
      this.fail(id, `schema id ${id} from the registry does not parse as Avro`, cause);
    }
  }

  private fail(id: number, message: string, cause?: unknown): void {
    if (this.failures.size >= MAX_REMEMBERED_FAILURES) {
      this.failures.delete(this.failures.keys().next().value as number);
    }
    this.failures.set(
      id,
      new PermanentError('MESSAGING.UNKNOWN_SCHEMA', message, { cause, stage: 'deserialize' }),
    );
  }

  /** The registry id of our schema: found, registered, or undefined (check-only and missing). */
  private async idOfOwn(own: OwnSchema, autoRegister: boolean): Promise<number | undefined> {
    const subject = subjectOf(own.fullName);
    const lookup = await this.client.lookup(subject, own.schema);
    if (lookup.found) return lookup.id;
    if (!autoRegister) return undefined;
    // A new subject gets our rule; an existing one keeps whatever rule its operators gave it.
    if (!lookup.subjectExists) await this.client.setCompatibility(subject, 'BACKWARD');
    return this.client.register(subject, own.schema);
  }

  private addOwn(own: OwnSchema, id: number): void {
    const schema = { id, fullName: own.fullName, type: own.type };
    this.readers.set(own.fullName, schema);
    this.writers.set(id, schema);
  }
}
