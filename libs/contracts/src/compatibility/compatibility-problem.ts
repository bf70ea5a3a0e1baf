export type CompatibilityProblemKind =
  | 'invalid-schema'
  | 'field-added-without-default'
  | 'field-removed-without-default'
  | 'type-changed'
  | 'enum-symbol-removed'
  | 'name-changed'
  | 'fixed-size-changed'
  | 'unresolvable';

/** One reason why the next version cannot read data written with the previous one. */
export interface CompatibilityProblem {
  kind: CompatibilityProblemKind;
  /** Dotted field path from the top-level record, e.g. `serviceAddress.postalCode`; `` for the record itself. */
  path: string;
  message: string;
}

export function problem(
  kind: CompatibilityProblemKind,
  path: string,
  detail: string,
): CompatibilityProblem {
  return { kind, path, message: `${path ? `field ${path}` : 'record'}: ${detail}` };
}

export function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
