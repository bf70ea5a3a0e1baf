import type { Type } from 'avsc';
import { HandoffError, PermanentError } from '@handoff/resilience';

/** What the serde needs from a schema registry: the local one (contracts/) or a remote one. */
export interface SchemaSource {
  byId(id: number): { id: number; fullName: string; type: Type };
  latest(fullName: string): { id: number; fullName: string; type: Type };
  /**
   * Fetches the writer schemas of these ids ahead of the synchronous decode. A source that holds
   * every schema it will ever know (the local one) has none. Throws a retryable error when the
   * schemas cannot be fetched now; an id that does not exist is not an error here (decode says so).
   */
  resolve?(ids: Iterable<number>): Promise<void>;
}

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

/**
 * Avro binary in the Confluent wire format: magic byte 0, a 4-byte big-endian schema id, the body.
 * Decoding resolves the writer's schema to the latest (reader) schema of the same name.
 */
export class AvroSerde {
  private readonly resolvers = new Map<
    number,
    { readerType: Type; resolver: ReturnType<Type['createResolver']> }
  >();

  constructor(private readonly schemas: SchemaSource) {}

  encode(fullName: string, data: unknown): Buffer {
    const { id, type } = this.schemas.latest(fullName);
    return this.encodeWith(id, type, data);
  }

  encodeWith(schemaId: number, type: Type, data: unknown): Buffer {
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeUInt32BE(schemaId, 1);
    return Buffer.concat([header, type.toBuffer(data)]);
  }

  /** Resolves the writer schemas these values need, so that `decode` can run synchronously. */
  async prepare(values: Iterable<Buffer | null>): Promise<void> {
    if (!this.schemas.resolve) return;
    const ids = new Set<number>();
    for (const value of values) {
      const id = schemaIdOf(value);
      if (id !== undefined && !this.resolvers.has(id)) ids.add(id);
    }
    if (ids.size > 0) await this.schemas.resolve(ids);
  }

  decode(buffer: Buffer | null): { fullName: string; schemaId: number; data: unknown } {
    const schemaId = schemaIdOf(buffer);
    if (!buffer || schemaId === undefined) {
      throw new PermanentError(
        'MESSAGING.NOT_AVRO',
        'value is not in the Avro wire format (magic byte 0 + schema id)',
        {
          stage: 'deserialize',
        },
      );
    }
    const { readerType, resolver } = this.resolverFor(schemaId);
    try {
      return {
        fullName: readerType.name ?? '',
        schemaId,
        data: readerType.fromBuffer(buffer.subarray(HEADER_LENGTH), resolver),
      };
    } catch (cause) {
      throw new PermanentError(
        'MESSAGING.UNDECODABLE',
        `value does not decode with schema id ${schemaId}`,
        {
          cause,
          stage: 'deserialize',
        },
      );
    }
  }

  private resolverFor(schemaId: number) {
    const cached = this.resolvers.get(schemaId);
    if (cached) return cached;
    const writer = this.writerOf(schemaId);
    const readerType = this.schemas.latest(writer.fullName).type;
    let resolver: ReturnType<Type['createResolver']>;
    try {
      resolver = readerType.createResolver(writer.type);
    } catch (cause) {
      throw new PermanentError(
        'MESSAGING.UNRESOLVABLE_SCHEMA',
        `schema id ${schemaId} cannot be read as the latest ${writer.fullName}`,
        { cause, stage: 'deserialize' },
      );
    }
    const entry = { readerType, resolver };
    this.resolvers.set(schemaId, entry);
    return entry;
  }

  /** Errors the messaging layer raised itself already say what failed; others are translated. */
  private writerOf(schemaId: number): { fullName: string; type: Type } {
    try {
      return this.schemas.byId(schemaId);
    } catch (cause) {
      if (cause instanceof HandoffError && cause.code.startsWith('MESSAGING.')) throw cause;
      throw new PermanentError('MESSAGING.UNKNOWN_SCHEMA', `unknown schema id ${schemaId}`, {
        cause,
        stage: 'deserialize',
      });
    }
  }
}

/** The schema id of a value in the wire format; undefined for anything else. */
function schemaIdOf(value: Buffer | null): number | undefined {
  if (!value || value.length < HEADER_LENGTH || value.readUInt8(0) !== MAGIC_BYTE) return undefined;
  return value.readUInt32BE(1);
}
