export { iccidProblem, isLuhnValid, isValidIccid, luhnCheckDigit } from './luhn';
export { isIsoCountryCode } from './iso-country-codes';
export {
  E164,
  activationRequestSchema,
  type ActivationRequest,
  type ActivationRequestInput,
} from './activation-request.schema';
export { fieldErrorsOf, fieldPath, type FieldError } from './field-errors';
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
export {
  planChangeRequestSchema,
  validatePlanChangeRequest,
  type PlanChangeRequest,
  type PlanChangeValidation,
} from './validate-plan-change-request';
