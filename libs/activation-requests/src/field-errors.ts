import type { ZodError, ZodIssue } from 'zod';

/** One failing field of a request: `serviceAddress.postalCode`, `charges[0].amount.currency`. */
export interface FieldError {
  field: string;
  message: string;
}

export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (joined, part) =>
      typeof part === 'number' ? `${joined}[${part}]` : joined ? `${joined}.${part}` : part,
    '',
  );
}

function fromIssue(issue: ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldPath([...issue.path, key]),
      message: 'unknown field',
    }));
  }
  return [{ field: fieldPath(issue.path) || 'body', message: issue.message }];
}

/** Every failing field once, in the order the schema met them. */
export function fieldErrorsOf(error: ZodError): FieldError[] {
  return error.issues.flatMap(fromIssue);
}

/** Keeps the first message per field: the schema's finding wins over a later business rule. */
export function firstPerField(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.field) && seen.add(error.field));
}
