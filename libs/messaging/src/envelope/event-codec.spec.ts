import { loadLocalRegistry } from '@handoff/contracts';
import { PermanentError } from '@handoff/resilience';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AvroSerde } from '../serde/avro-serde';
import { EventCodec } from './event-codec';
import { buildEnvelope } from './event-envelope';
import type { IncomingRecord, OutgoingRecord } from '../port/messaging.port';

const registry = loadLocalRegistry();
const serde = new AvroSerde(registry);
const codec = new EventCodec(serde);
const TYPE = 'handoff.activation.ActivationRequested';
/** The codec writes every event with its type's latest schema. */
const LATEST = Math.max(...registry.versions(TYPE).map((s) => s.version));
const fixture = (version: number) =>
  JSON.parse(
    readFileSync(
      resolve(__dirname, `../../../../contracts/fixtures/valid/${TYPE}.v${version}.json`),
      'utf8',
    ),
  ) as Record<string, unknown>;

function incoming(record: OutgoingRecord): IncomingRecord {
  return { ...record, partition: 0, offset: '0', timestamp: '0' };
}

describe('EventCodec', () => {
  const envelope = buildEnvelope(
    { type: TYPE, subject: '8910042348144559361', data: fixture(LATEST) },
    {
      source: 'handoff/test',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    },
    { integrationPoint: 'bss-to-handoff', ownerTeam: 'billing-ops' },
  );

  it('round-trips an envelope through a record byte for byte', () => {
    const record = codec.toRecord(envelope, 'topic');
    const decoded = codec.fromRecord(incoming(record));
    expect(decoded).toEqual(envelope);
    const again = codec.toRecord(decoded, 'topic');
    expect(Buffer.compare(again.value, record.value)).toBe(0);
    expect(again.headers).toEqual(record.headers);
  });

  it('writes the CloudEvents binary-mode headers and the Confluent wire format', () => {
    const record = codec.toRecord(envelope, 'topic');
    expect(record.key).toBe(envelope.subject);
    expect(record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: TYPE,
      ce_subject: envelope.subject,
      ce_correlationid: envelope.id,
      ce_causationid: envelope.id,
      'content-type': 'application/avro',
      traceparent: envelope.traceparent,
      handoff_integration_point: 'bss-to-handoff',
      handoff_owner_team: 'billing-ops',
    });
    expect(record.value.readUInt8(0)).toBe(0);
    expect(record.value.readUInt32BE(1)).toBe(registry.idOf(TYPE, LATEST));
  });

  it('reads a record written with schema v1 through the latest reader, defaulting the new field', () => {
    const v1 = registry.versions(TYPE).find((s) => s.version === 1)!;
    const value = serde.encodeWith(v1.id, v1.type, fixture(1));
    const decoded = serde.decode(value);
    expect(decoded.schemaId).toBe(v1.id);
    expect(decoded.data).toMatchObject({ ...fixture(1), dealerReference: null });
  });

  it('rejects an unknown schema id and garbage bytes as permanent deserialize errors', () => {
    const unknown = Buffer.from([0, 0, 0, 0x7f, 0x7f, 1, 2]);
    expect(() => serde.decode(unknown)).toThrow(PermanentError);
    expect(() => serde.decode(unknown)).toThrow(/unknown schema id/);
    expect(() => serde.decode(Buffer.from('garbage'))).toThrow(/not in the Avro wire format/);
    const truncated = codec.toRecord(envelope, 't').value.subarray(0, 12);
    expect(() => serde.decode(truncated)).toThrow(/does not decode/);
  });

  it('refuses a record whose ce_type does not match the schema of its value', () => {
    const record = codec.toRecord(envelope, 'topic');
    const lying = {
      ...record,
      headers: { ...record.headers, ce_type: 'handoff.payment.PaymentRequested' },
    };
    expect(() => codec.fromRecord(incoming(lying))).toThrow(/does not match the schema/);
  });
});
