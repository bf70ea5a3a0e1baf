export { cardDataFields, redactCardData } from './card-data-scan';
export {
  CARD_NUMBER_REDACTED,
  cardNumbersIn,
  containsCardNumber,
  redactCardNumbers,
  type CardNumberSpan,
} from './card-number';
export { fitsOwnFormat } from './field-formats';
export { isLuhnValid, luhnCheckDigit } from './luhn';
