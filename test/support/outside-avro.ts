import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Schema } from 'avsc';

const CONTRACTS = resolve(__dirname, '../../contracts');

interface SchemaIdEntry {
  id: number;
  fullName: string;
  version: number;
  file: string;
}

/**
 * Avro bytes in the Confluent wire format made the way an outside producer makes them: the
 * published `.avsc` file and its registered id, the Avro library alone, none of Handoff's code.
 */
export function confluentAvro(fullName: string, data: unknown): Buffer {
  const { schemas } = JSON.parse(readFileSync(resolve(CONTRACTS, 'schema-ids.json'), 'utf8')) as {
    schemas: SchemaIdEntry[];
  };
  const latest = schemas
    .filter((s) => s.fullName === fullName)
    .sort((a, b) => b.version - a.version)[0];
  if (!latest) throw new Error(`no schema registered for ${fullName}`);
  const type = Type.forSchema(
    JSON.parse(readFileSync(resolve(CONTRACTS, latest.file), 'utf8')) as Schema,
  );
  const header = Buffer.alloc(5);
  header.writeUInt32BE(latest.id, 1);
  return Buffer.concat([header, type.toBuffer(data)]);
}
