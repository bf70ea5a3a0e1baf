import { isLuhnValid } from './luhn';

const ICCID = /^89\d{17,18}$/;
/** E.164, with or without its plus sign (our contracts carry the digits only). */
const MSISDN = /^\+?[1-9]\d{7,14}$/;
/** MCC (3) + MNC (2 or 3) + MSIN: at most 15 digits (3GPP TS 23.003). */
const IMSI = /^\d{14,15}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Our ids: a UUID, or a short prefix and a UUID (`act-…`, `sub-…`). */
const UUID_ID = new RegExp(`^(?:[a-z]{1,16}[-_])?${UUID}$`, 'i');

type Format = (value: string) => boolean;

const isIccid: Format = (value) => ICCID.test(value) && isLuhnValid(value);
const isUuidId: Format = (value) => UUID_ID.test(value);

/**
 * Fields that have a format of their own, by field name (the same name in every contract and in the
 * gateway's request): a value in that format is that thing, not a card number, so a valid ICCID
 * (19 or 20 digits, Luhn) is never refused. A value that does not fit its format is searched like
 * free text: a card number typed into `iccid` is still found. Numbers (amounts) are never searched.
 */
const FORMATS: Record<string, Format> = {
  iccid: isIccid,
  msisdn: (value) => MSISDN.test(value),
  imsi: (value) => IMSI.test(value),
};

/** Every `…Id` field (and `id`) is an id: UUID-based ids are ids, whatever digits they hold. */
const ID_FIELD = /(?:^id|Id)$/;

/** True when `value` is in the format its field `name` has, so it needs no search. */
export function fitsOwnFormat(name: string, value: string): boolean {
  const format = FORMATS[name] ?? (ID_FIELD.test(name) ? isUuidId : undefined);
  return format !== undefined && format(value);
}
