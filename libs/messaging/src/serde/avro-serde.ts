import type { Type } from 'avsc';
import { PermanentError } from '@handoff/resilience';

/** What the serde needs from a schema registry (local from contracts/, or a remote one later). */
export interface SchemaSource {
  byId(id: number): { id: number; fullName: string; type: Type };
  latest(fullName: string): { id: number; fullName: string; type: Type };
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

  decode(buffer: Buffer | null): { fullName: string; schemaId: number; data: unknown } {
    if (!buffer || buffer.length < HEADER_LENGTH || buffer.readUInt8(0) !== MAGIC_BYTE) {
      throw new PermanentError(
        'MESSAGING.NOT_AVRO',
        'value is not in the Avro wire format (magic byte 0 + schema id)',
        {
          stage: 'deserialize',
        },
      );
    }
    const schemaId = buffer.readUInt32BE(1);
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
    let writer: { fullName: string; type: Type };
    try {
      writer = this.schemas.byId(schemaId);
    } catch (cause) {
      throw new PermanentError('MESSAGING.UNKNOWN_SCHEMA', `unknown schema id ${schemaId}`, {
        cause,
        stage: 'deserialize',
      });
    }
    const readerType = this.schemas.latest(writer.fullName).type;
    const entry = { readerType, resolver: readerType.createResolver(writer.type) };
    this.resolvers.set(schemaId, entry);
    return entry;
  }
}
