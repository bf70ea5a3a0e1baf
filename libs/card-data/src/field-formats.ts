import { isIccid, isImsi, isMsisdn, isUuidId, type ValueFormat } from './value-formats';

/**
 * Fields that have a format of their own, by field name (the same name in every contract and in the
 * gateway's request): a value in that format is that thing, not a card number, so a valid ICCID
 * (19 or 20 digits, Luhn) is never refused. A value that does not fit its format is searched like
 * free text: a card number typed into `iccid` is still found. Numbers (amounts) are never searched.
 */
const FORMATS: Record<string, ValueFormat> = {
  iccid: isIccid,
  msisdn: isMsisdn,
  imsi: isImsi,
};

/** Every `…Id` field (and `id`) is an id: UUID-based ids are ids, whatever digits they hold. */
const ID_FIELD = /(?:^id|Id)$/;

/** True when `value` is in the format its field `name` has, so it needs no search. */
export function fitsOwnFormat(name: string, value: string): boolean {
  const format = FORMATS[name] ?? (ID_FIELD.test(name) ? isUuidId : undefined);
  return format !== undefined && format(value);
}
