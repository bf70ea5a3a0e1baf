export { iccidProblem, isLuhnValid, isValidIccid, luhnCheckDigit } from './luhn';
export { isIsoCountryCode } from './iso-country-codes';
export {
  E164,
  activationRequestSchema,
  type ActivationRequest,
  type ActivationRequestInput,
} from './activation-request.schema';
export { fieldPath, type FieldError } from './field-errors';
export {
  validateActivationRequest,
  type PlanCatalogue,
  type ValidationResult,
} from './validate-activation-request';
export {
  activationRequestKey,
  assignedSubscriberId,
  subscriberIdOf,
  type NamesItsSubscriber,
} from './subscriber-id';
