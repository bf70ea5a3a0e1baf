import { cardDataInKeyAndHeaders, redactKeyAndHeaders } from './key-and-headers-scan';
import { luhnCheckDigit } from './luhn';
import { isEpochMillis, isTraceparent, isUuidId } from './value-formats';

const VISA = '4111111111111111';
const withCheckDigit = (payload: string) => `${payload}${luhnCheckDigit(payload)}`;
/** A span id of digits only that reads as a Visa number; a trace header may carry it by chance. */
const DIGIT_SPAN_ID = withCheckDigit('411111111111111');
const TRACEPARENT = `00-4bf92f3577b34da6a3ce929d0e0e4736-${DIGIT_SPAN_ID}-01`;
/** Epoch milliseconds in 2040 (starting with a 2) that pass Luhn. */
const LUHN_EPOCH_MS = withCheckDigit('220898880000');
const formats = {
  key: isUuidId,
  headers: { traceparent: isTraceparent, due_at: isEpochMillis, ce_id: isUuidId },
};

describe('cardDataInKeyAndHeaders and redactKeyAndHeaders', () => {
  it('names the key and the headers holding a card number, never their values', () => {
    const record = {
      key: VISA,
      headers: { 'x-dealer-note': `paid by ${VISA}`, ce_id: `evt-${VISA}`, ce_source: 'bss' },
    };
    expect(cardDataInKeyAndHeaders(record, formats)).toEqual([
      'key',
      'header x-dealer-note',
      'header ce_id',
    ]);
  });

  it('does not search a header in its own format, even when its digits read as a card', () => {
    expect(isTraceparent(TRACEPARENT)).toBe(true);
    const record = {
      key: 'sub-12345678-1234-4234-9234-411111111111',
      headers: { traceparent: TRACEPARENT, due_at: LUHN_EPOCH_MS },
    };
    expect(cardDataInKeyAndHeaders(record, formats)).toEqual([]);
    // The same values in headers without a format are card numbers.
    const unformatted = { key: null, headers: { note: LUHN_EPOCH_MS, tracestate: TRACEPARENT } };
    expect(cardDataInKeyAndHeaders(unformatted, formats)).toEqual([
      'header note',
      'header tracestate',
    ]);
  });

  it('searches a header whose value does not fit its format', () => {
    const record = { key: null, headers: { traceparent: `00-${VISA}-01` } };
    expect(cardDataInKeyAndHeaders(record, formats)).toEqual(['header traceparent']);
  });

  it('copies the record with the numbers redacted and leaves the rest alone', () => {
    const record = {
      key: VISA,
      headers: { 'x-dealer-note': `paid by ${VISA}`, traceparent: TRACEPARENT },
      offset: '7',
    };
    const redacted = redactKeyAndHeaders(record, formats);
    expect(redacted).toEqual({
      key: '[card number redacted]',
      headers: { 'x-dealer-note': 'paid by [card number redacted]', traceparent: TRACEPARENT },
      offset: '7',
    });
    expect(record.key).toBe(VISA);
    expect(cardDataInKeyAndHeaders(redacted, formats)).toEqual([]);
    expect(redactKeyAndHeaders({ key: null, headers: {} }, formats)).toEqual({
      key: null,
      headers: {},
    });
  });
});
