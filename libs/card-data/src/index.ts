export { cardDataFields, redactCardData, type OwnFieldFormats } from './card-data-scan';
export {
  CARD_NUMBER_REDACTED,
  cardNumbersIn,
  containsCardNumber,
  redactCardNumbers,
  type CardNumberSpan,
} from './card-number';
export { fitsOwnFormat } from './field-formats';
export {
  cardDataInKeyAndHeaders,
  redactKeyAndHeaders,
  type KeyAndHeaderFormats,
  type KeyAndHeaders,
} from './key-and-headers-scan';
export { isLuhnValid, luhnCheckDigit } from './luhn';
export {
  isEpochMillis,
  isImsi,
  isMsisdn,
  isTimestamp,
  isTraceparent,
  isUuidId,
  type ValueFormat,
} from './value-formats';
