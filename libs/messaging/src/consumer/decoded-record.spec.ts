import { luhnCheckDigit } from '@handoff/card-data';
import { loadLocalRegistry } from '@handoff/contracts';
import { PermanentError } from '@handoff/resilience';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventCodec } from '../envelope/event-codec';
import { buildEnvelope } from '../envelope/event-envelope';
import { AvroSerde } from '../serde/avro-serde';
import { CeHeaders, DeadLetterHeaders, RetryHeaders } from '../envelope/headers';
import { CARD_DATA_REFUSED, decodeRecord } from './decoded-record';

const codec = new EventCodec(new AvroSerde(loadLocalRegistry()));
const TYPE = 'handoff.activation.ActivationRequested';
const PAN = '4111-1111-1111-1111';
const withCheckDigit = (payload: string) => `${payload}${luhnCheckDigit(payload)}`;
const fixture = JSON.parse(
  readFileSync(resolve(__dirname, `../../../../contracts/fixtures/valid/${TYPE}.v3.json`), 'utf8'),
) as Record<string, unknown>;

function recordOf(data: Record<string, unknown>) {
  const envelope = buildEnvelope(
    { type: TYPE, subject: 'sub-1', data },
    { source: 'bss/test', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    { integrationPoint: 'bss-to-handoff', ownerTeam: 'billing-ops' },
  );
  return { ...codec.toRecord(envelope, 'topic'), partition: 0, offset: '7', timestamp: '0' };
}

describe('decodeRecord', () => {
  it('passes an event whose only long numbers are in their own format (ICCID)', () => {
    const decoded = decodeRecord(codec, recordOf({ ...fixture, dealerReference: 'RCPT-17' }));
    expect('envelope' in decoded).toBe(true);
  });

  it('refuses an event holding a card number, naming the field and never the number', () => {
    const record = recordOf({ ...fixture, dealerReference: `card ${PAN}` });
    const decoded = decodeRecord(codec, record);
    if (!('error' in decoded)) throw new Error('expected a refusal');
    expect(decoded.error).toBeInstanceOf(PermanentError);
    expect(decoded.error).toMatchObject({ code: CARD_DATA_REFUSED, stage: 'validate' });
    expect((decoded.error as Error).message).toContain('dealerReference');
    expect((decoded.error as Error).message).not.toMatch(/4111/);
  });

  it('hands on a copy of the record whose value is the event with the number redacted', () => {
    const record = recordOf({ ...fixture, dealerReference: `card ${PAN}` });
    const decoded = decodeRecord(codec, record);
    expect(decoded.record.value).not.toBe(record.value);
    expect(decoded.record.value?.toString('latin1')).not.toContain('4111');
    expect(decoded.record).toMatchObject({ key: record.key, offset: '7', headers: record.headers });
    const redacted = codec.fromRecord(decoded.record).data;
    expect(redacted).toMatchObject({
      iccid: fixture.iccid,
      dealerReference: 'card [card number redacted]',
    });
  });

  it('refuses a record whose key or a header holds a card number, redacting them and never quoting it', () => {
    const record = recordOf({ ...fixture, dealerReference: 'RCPT-17' });
    const withCard = {
      ...record,
      key: PAN,
      headers: { ...record.headers, 'x-dealer-note': `paid by ${PAN}`, [CeHeaders.id]: PAN },
    };
    const decoded = decodeRecord(codec, withCard);
    if (!('error' in decoded)) throw new Error('expected a refusal');
    expect(decoded.error).toMatchObject({ code: CARD_DATA_REFUSED, stage: 'validate' });
    const message = (decoded.error as Error).message;
    expect(message).toContain('key, header ce_id, header x-dealer-note');
    expect(message).not.toMatch(/4111/);
    expect(decoded.record).toMatchObject({
      key: '[card number redacted]',
      headers: { 'x-dealer-note': 'paid by [card number redacted]' },
      value: record.value, // the event holds no card number: its bytes are kept as they came
    });
    expect(JSON.stringify(decoded.record.headers)).not.toMatch(/4111/);
  });

  it('refuses a card number in a header even when the value does not decode', () => {
    const record = recordOf(fixture);
    const decoded = decodeRecord(codec, {
      ...record,
      value: Buffer.from('not avro'),
      headers: { ...record.headers, 'x-dealer-note': PAN },
    });
    if (!('error' in decoded)) throw new Error('expected a refusal');
    expect(decoded.error).toMatchObject({ code: CARD_DATA_REFUSED });
    expect((decoded.error as Error).message).toMatch(/topic\/0\/7 holds .*did not decode either/);
    expect(decoded.record.headers['x-dealer-note']).toBe('[card number redacted]');
  });

  it('passes trace ids and timestamps in their own format, whatever their digits', () => {
    const luhnEpochMs = withCheckDigit('220898880000'); // 2040, Luhn-valid
    const record = recordOf(fixture);
    const decoded = decodeRecord(codec, {
      ...record,
      headers: {
        ...record.headers,
        [CeHeaders.traceparent]: `00-4bf92f3577b34da6a3ce929d0e0e4736-${withCheckDigit('411111111111111')}-01`,
        [RetryHeaders.dueAt]: luhnEpochMs,
        [RetryHeaders.waitingSince]: luhnEpochMs,
        [DeadLetterHeaders.originalTimestamp]: luhnEpochMs,
      },
    });
    expect('envelope' in decoded).toBe(true);
  });
  it('takes a usage record keyed by an IMSI that passes Luhn as the IMSI it is, and only there', () => {
    const imsi = withCheckDigit('31026012345678');
    const usage = JSON.parse(
      readFileSync(
        resolve(
          __dirname,
          '../../../../contracts/fixtures/valid/handoff.usage.UsageRecordDelivered.v1.json',
        ),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const envelope = buildEnvelope(
      {
        type: 'handoff.usage.UsageRecordDelivered',
        subject: imsi,
        data: { ...usage, subjectId: imsi, imsi },
      },
      {
        source: 'mno/test',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      { integrationPoint: 'mno-usage-feed-to-handoff', ownerTeam: 'billing-ops' },
    );
    const record = {
      ...codec.toRecord(envelope, 'feed'),
      partition: 0,
      offset: '1',
      timestamp: '0',
    };
    expect('envelope' in decodeRecord(codec, record)).toBe(true);

    const elsewhere = recordOf({ ...fixture, dealerReference: 'RCPT-17' });
    const refused = decodeRecord(codec, { ...elsewhere, key: imsi });
    expect('error' in refused && (refused.error as Error).message).toContain('in key');
  });
});
