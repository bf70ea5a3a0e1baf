import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadLocalRegistry } from '@handoff/contracts';
import { PermanentError } from '@handoff/resilience';
import { AvroSerde } from '../serde/avro-serde';
import type { IncomingRecord } from '../port/messaging.port';
import { EventCodec } from './event-codec';
import { DeadLetterHeaders } from './headers';
import {
  incomingEnvelope,
  requireSpecAttributes,
  rootTraceparentOf,
  type TopicOwnership,
} from './incoming-envelope';

const TYPE = 'handoff.activation.ActivationRequested';
const LIFECYCLE = 'handoff.subscriber.lifecycle.v1';
const BSS = { integrationPoint: 'bss-to-handoff', ownerTeam: 'billing-ops' };
const ownershipOf: TopicOwnership = (topic) => (topic === LIFECYCLE ? BSS : undefined);
const decoded = { fullName: TYPE, data: { activationId: 'act-1' } };
const RECORD_TIME = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

/** Only what the CloudEvents spec requires, as a producer that is not Handoff sends it. */
const specOnly = { ce_specversion: '1.0', ce_id: 'bss-42', ce_source: 'bss/crm', ce_type: TYPE };

function record(overrides: Partial<IncomingRecord> = {}): IncomingRecord {
  return {
    topic: LIFECYCLE,
    partition: 0,
    offset: '7',
    key: '8910042348144559361',
    value: null,
    headers: specOnly,
    timestamp: String(RECORD_TIME),
    ...overrides,
  };
}

describe('incoming envelope: what an outside CloudEvents producer must send', () => {
  it('accepts a record with only the spec attributes', () => {
    expect(() => requireSpecAttributes(specOnly)).not.toThrow();
  });

  it.each(['ce_specversion', 'ce_id', 'ce_source', 'ce_type'])(
    'refuses a record without %s as a permanent error naming it',
    (name) => {
      const { [name as keyof typeof specOnly]: _gone, ...headers } = specOnly;
      expect(() => requireSpecAttributes(headers)).toThrow(PermanentError);
      expect(() => requireSpecAttributes(headers)).toThrow(`missing CloudEvents headers: ${name}`);
    },
  );

  it('refuses a spec version other than 1.0', () => {
    expect(() => requireSpecAttributes({ ...specOnly, ce_specversion: '0.3' })).toThrow(
      /ce_specversion "0.3" is not supported/,
    );
  });
});

describe('incoming envelope: defaults for what the producer left out', () => {
  const envelope = incomingEnvelope(record(), decoded, ownershipOf);

  it('makes the event its own correlation and its own cause', () => {
    expect(envelope.correlationId).toBe('bss-42');
    expect(envelope.causationId).toBe('bss-42');
  });

  it('starts a new sampled W3C trace, the same on every read of the same event', () => {
    expect(envelope.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(incomingEnvelope(record(), decoded, ownershipOf).traceparent).toBe(envelope.traceparent);
    expect(envelope.traceparent).toBe(rootTraceparentOf('bss/crm', 'bss-42'));
    expect(rootTraceparentOf('bss/crm', 'bss-43').slice(3, 35)).not.toBe(
      envelope.traceparent.slice(3, 35),
    );
  });

  it('takes the subject from the record key', () => {
    expect(envelope.subject).toBe('8910042348144559361');
  });

  it('takes the time from the record timestamp', () => {
    expect(envelope.time).toBe('2025-01-02T03:04:05.678Z');
  });

  it('takes the integration point and owner from the topic the record came in on', () => {
    expect(envelope).toMatchObject(BSS);
  });

  it('keeps the first delivery as the origin of a record read back from a retry tier', () => {
    const retried = record({
      topic: 'handoff.orchestrator.retry-1',
      timestamp: String(RECORD_TIME + 60_000),
      headers: {
        ...specOnly,
        [DeadLetterHeaders.originalTopic]: LIFECYCLE,
        [DeadLetterHeaders.originalTimestamp]: String(RECORD_TIME),
      },
    });
    expect(incomingEnvelope(retried, decoded, ownershipOf)).toEqual(envelope);
  });

  it('keeps every attribute the producer did send', () => {
    const sent = {
      ...specOnly,
      ce_time: '2024-12-31T23:59:59Z',
      ce_subject: 'sub-1',
      ce_correlationid: 'corr-1',
      ce_causationid: 'cause-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      handoff_integration_point: 'dealer-portal-to-handoff',
      handoff_owner_team: 'dealer-ops',
    };
    expect(incomingEnvelope(record({ headers: sent }), decoded, ownershipOf)).toEqual({
      id: 'bss-42',
      type: TYPE,
      source: 'bss/crm',
      time: sent.ce_time,
      subject: 'sub-1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent: sent.traceparent,
      integrationPoint: 'dealer-portal-to-handoff',
      ownerTeam: 'dealer-ops',
      data: decoded.data,
    });
  });

  it('refuses a record with neither ce_subject nor a key', () => {
    expect(() => incomingEnvelope(record({ key: null }), decoded, ownershipOf)).toThrow(
      /neither a ce_subject header nor a key/,
    );
  });

  it('leaves the owner empty on a topic no integration point consumes', () => {
    expect(incomingEnvelope(record({ topic: 'elsewhere' }), decoded, ownershipOf)).toMatchObject({
      integrationPoint: '',
      ownerTeam: '',
    });
  });
});

describe('EventCodec reading an outside producer’s record', () => {
  it('decodes Avro bytes sent with only the spec attributes into a complete envelope', () => {
    const serde = new AvroSerde(loadLocalRegistry());
    const activation = JSON.parse(
      readFileSync(
        resolve(__dirname, `../../../../contracts/fixtures/valid/${TYPE}.v2.json`),
        'utf8',
      ),
    ) as unknown;
    const codec = new EventCodec(serde, ownershipOf);

    const envelope = codec.fromRecord(record({ value: serde.encode(TYPE, activation) }));

    expect(envelope).toEqual({
      ...incomingEnvelope(record(), decoded, ownershipOf),
      data: activation,
    });
  });
});
