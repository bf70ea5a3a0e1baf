import { isLuhnValid } from './luhn';

/** True when a text is in a format of its own (an ICCID, a trace id...), so it is not a card number. */
export type ValueFormat = (value: string) => boolean;

const ICCID = /^89\d{17,18}$/;
/** E.164, with or without its plus sign (our contracts carry the digits only). */
const MSISDN = /^\+?[1-9]\d{7,14}$/;
/** MCC (3) + MNC (2 or 3) + MSIN: at most 15 digits (3GPP TS 23.003). */
const IMSI = /^\d{14,15}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Our ids: a UUID, or a short prefix and a UUID (`act-…`, `sub-…`). */
const UUID_ID = new RegExp(`^(?:[a-z]{1,16}[-_])?${UUID}$`, 'i');
/** W3C Trace Context: version, trace id, parent id, flags (https://www.w3.org/TR/trace-context/). */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** RFC 3339, as CloudEvents' `time` and our own ISO timestamps are written. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
/**
 * Epoch milliseconds: 13 digits from 2001 to 2286. From May 2033 they start with a 2 and one in ten
 * passes Luhn, so a header that holds one must be recognised by name, not searched.
 */
const EPOCH_MILLIS = /^\d{13}$/;

export const isIccid: ValueFormat = (value) => ICCID.test(value) && isLuhnValid(value);
export const isMsisdn: ValueFormat = (value) => MSISDN.test(value);
export const isImsi: ValueFormat = (value) => IMSI.test(value);
export const isUuidId: ValueFormat = (value) => UUID_ID.test(value);
export const isTraceparent: ValueFormat = (value) => TRACEPARENT.test(value);
export const isTimestamp: ValueFormat = (value) => TIMESTAMP.test(value);
export const isEpochMillis: ValueFormat = (value) => EPOCH_MILLIS.test(value);
