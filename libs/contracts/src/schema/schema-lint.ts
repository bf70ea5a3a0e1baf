import { namedTypesOf, NamedNode, SchemaNode, shapeOf, typeLabel } from './schema-model';

export const COMMON_NAMESPACE = 'handoff.common';

/** A parsed schema file, named for messages. */
export interface LintTarget {
  where: string;
  model: SchemaNode;
}

/**
 * House rules beyond Avro validity, each one because something downstream relies on it: the
 * subject field (Kafka key and CloudEvents subject), extensible enums, unions our generated types
 * and avsc's unwrapped unions agree on, and shared types in one namespace.
 */
export function lintSchema({ where, model }: LintTarget): string[] {
  if (model.kind !== 'record') return [`${where}: the top-level schema must be a record`];
  const problems: string[] = [];
  if (!model.doc) problems.push(`${where}: record ${model.fullName} needs a doc`);
  const subject = model.fields.find((field) => field.name === 'subjectId');
  const subjectType = subject ? typeLabel(subject.type) : undefined;
  if (subjectType !== 'string' && subjectType !== '["null","string"]') {
    problems.push(
      `${where}: every event needs a subjectId field of type string (the subscriber it is about)`,
    );
  }
  for (const named of namedTypesOf(model).slice(1)) {
    problems.push(...namedTypeProblems(where, named));
  }
  problems.push(...unionProblems(where, model, ''));
  return problems;
}

function namedTypeProblems(where: string, named: NamedNode): string[] {
  const problems: string[] = [];
  if (named.namespace !== COMMON_NAMESPACE) {
    problems.push(
      `${where}: nested type ${named.fullName} must be in the ${COMMON_NAMESPACE} namespace`,
    );
  }
  if (named.kind === 'enum' && named.default === undefined) {
    problems.push(
      `${where}: enum ${named.fullName} needs a default symbol so that new symbols stay readable`,
    );
  }
  return problems;
}

function unionProblems(
  where: string,
  node: SchemaNode,
  path: string,
  seen = new Set<string>(),
): string[] {
  switch (node.kind) {
    case 'union': {
      const [first, ...rest] = node.branches;
      const ok = node.branches.length === 2 && first.kind === 'primitive' && first.name === 'null';
      const problems = ok
        ? []
        : [`${where}: field ${path} must be ["null", <type>], found ${typeLabel(node)}`];
      return [...problems, ...rest.flatMap((branch) => unionProblems(where, branch, path, seen))];
    }
    case 'array':
      return unionProblems(where, node.items, `${path}[]`, seen);
    case 'map':
      return unionProblems(where, node.values, `${path}{}`, seen);
    case 'record':
      if (seen.has(node.fullName)) return [];
      seen.add(node.fullName);
      return node.fields.flatMap((f) =>
        unionProblems(where, f.type, path ? `${path}.${f.name}` : f.name, seen),
      );
    default:
      return [];
  }
}

/**
 * The generated types have one interface per named type, so across the latest schemas a full name
 * means one shape and a simple name one full name.
 */
export function sharedTypeProblems(targets: readonly LintTarget[]): string[] {
  const problems: string[] = [];
  const shapes = new Map<string, { where: string; shape: string }>();
  const fullNames = new Map<string, string>();
  for (const { where, model } of targets) {
    for (const named of namedTypesOf(model)) {
      const shape = shapeOf(named);
      const first = shapes.get(named.fullName) ?? { where, shape };
      shapes.set(named.fullName, first);
      if (first.shape !== shape) {
        problems.push(`${named.fullName} differs between ${first.where} and ${where}`);
      }
      const other = fullNames.get(named.name) ?? named.fullName;
      fullNames.set(named.name, other);
      if (other !== named.fullName) {
        problems.push(`${where}: ${named.fullName} and ${other} share the name ${named.name}`);
      }
    }
  }
  return [...new Set(problems)];
}
