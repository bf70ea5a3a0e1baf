import {
  FULL_MASK,
  maskAddress,
  maskEmail,
  maskIccid,
  maskImsi,
  maskMsisdn,
  maskSecret,
  maskSubscriberId,
} from './mask-rules';
import { maskPersonalText } from './mask-text';

type Mask = (value: unknown) => unknown;

// A bare `name` is left alone: it names topics, errors and services far more often than people.
const NAME_KEYS = [
  'customername',
  'holdername',
  'firstname',
  'lastname',
  'middlename',
  'fullname',
  'givenname',
];
const ADDRESS_KEYS = ['address', 'serviceaddress', 'billingaddress', 'shippingaddress'];
const ADDRESS_LINE_KEYS = ['line1', 'line2', 'line3', 'street', 'streetaddress', 'postalcode'];
const EXACT_RULES = new Map<string, Mask>([
  ...[...NAME_KEYS, 'familyname', 'surname', 'puk'].map((k): [string, Mask] => [k, maskSecret]),
  ...[...ADDRESS_LINE_KEYS, 'zip', 'zipcode', 'postcode'].map((k): [string, Mask] => [
    k,
    maskSecret,
  ]),
  ...ADDRESS_KEYS.map((k): [string, Mask] => [k, maskAddress]),
  ['emailaddress', maskEmail],
  ['phone', maskMsisdn],
  ['phonenumber', maskMsisdn],
  ['subscriberid', maskSubscriberId],
  ['subject', maskSubscriberId],
]);
/** Suffix rules catch the usual compounds: `newIccid`, `portInPin`, `targetMsisdn`, `contactEmail`. */
const SUFFIX_RULES: [string, Mask][] = [
  ['msisdn', maskMsisdn],
  ['imsi', maskImsi],
  ['iccid', maskIccid],
  ['pin', maskSecret],
  ['accountnumber', maskSecret],
  ['email', maskEmail],
];

const normalise = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

function ruleForNormalised(key: string): Mask | undefined {
  return EXACT_RULES.get(key) ?? SUFFIX_RULES.find(([suffix]) => key.endsWith(suffix))?.[1];
}

/** The mask a field gets by its name (`msisdns` is treated like `msisdn`), if any. */
export function maskRuleFor(key: string): Mask | undefined {
  const k = normalise(key);
  return ruleForNormalised(k) ?? (k.endsWith('s') ? ruleForNormalised(k.slice(0, -1)) : undefined);
}

function applyRule(mask: Mask, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => applyRule(mask, item));
  if (typeof value === 'object' && mask !== maskAddress) return FULL_MASK;
  return mask(value);
}

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Fields an error's own code sets; an error class name is not a person's name. */
const ERROR_OWN_FIELDS = new Set(['name', 'message', 'stack', 'code']);
/** Texts a driver fills with the values it was given (`invalid input syntax: "+1415…"`). */
const ERROR_TEXT_FIELDS = new Set(['message', 'stack']);

class Masker {
  private readonly ancestors = new Set<object>();

  value(value: unknown): unknown {
    if (typeof value === 'string') return maskPersonalText(value);
    if (value === null || typeof value !== 'object') return value;
    if (this.ancestors.has(value)) return '[Circular]';
    if (!Array.isArray(value) && !(value instanceof Error) && !isPlainObject(value)) return value;
    this.ancestors.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => this.value(item));
      if (value instanceof Error) return this.error(value);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.field(k, v)]));
    } finally {
      this.ancestors.delete(value);
    }
  }

  field(key: string, value: unknown): unknown {
    const rule = maskRuleFor(key);
    return rule ? applyRule(rule, value) : this.value(value);
  }

  /** Keeps the prototype so error serialisers still recognise it; only own data fields are masked. */
  private error(error: Error): Error {
    const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
    for (const key of Reflect.ownKeys(error)) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
      if (typeof key === 'string' && 'value' in descriptor) {
        descriptor.value = this.errorField(key, descriptor.value);
      }
      Object.defineProperty(copy, key, descriptor);
    }
    return copy;
  }

  private errorField(key: string, value: unknown): unknown {
    if (ERROR_TEXT_FIELDS.has(key))
      return typeof value === 'string' ? maskPersonalText(value) : value;
    if (ERROR_OWN_FIELDS.has(key)) return value;
    return key === 'cause' ? this.value(value) : this.field(key, value);
  }
}

/**
 * A deep copy of `value` with personal data masked by field name, and by shape inside every string
 * (`maskPersonalText`: SQL parameters, error messages and stacks). Plain objects, arrays and errors
 * are walked; other class instances (dates, buffers, HTTP requests) are left to their serialisers.
 * Cycles become `'[Circular]'`.
 */
export function maskPersonalData<T>(value: T): T {
  return new Masker().value(value) as T;
}

/** `maskPersonalData` for the fields of a logger's bindings object. */
export function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  const masker = new Masker();
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, masker.field(k, v)]));
}
