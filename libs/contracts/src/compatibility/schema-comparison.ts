import {
  EnumNode,
  FixedNode,
  isNamed,
  NamedNode,
  PrimitiveNode,
  RecordNode,
  SchemaNode,
  typeLabel,
  UnionNode,
} from '../schema/schema-model';
import { childPath, CompatibilityProblem, problem } from './compatibility-problem';

/** Avro schema resolution promotions: writer type → reader types that can read it. */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

/**
 * The Avro schema resolution rules (https://avro.apache.org/docs/1.11.1/specification/#schema-resolution),
 * applied field by field so that a problem can name the field that breaks.
 */
export class SchemaComparison {
  readonly problems: CompatibilityProblem[] = [];
  /** Record pairs being compared, to stop on recursive schemas. */
  private readonly inProgress = new Set<string>();

  compare(reader: SchemaNode, writer: SchemaNode, path: string): void {
    if (writer.kind === 'union') return this.fromUnion(reader, writer, path);
    if (reader.kind === 'union') return this.intoUnion(reader, writer, path);
    if (!matches(reader, writer)) return this.typeChanged(reader, writer, path);
    if (reader.kind === 'record') return this.records(reader, writer as RecordNode, path);
    if (reader.kind === 'enum') return this.enums(reader, writer as EnumNode, path);
    if (reader.kind === 'fixed') return this.fixed(reader, writer as FixedNode, path);
    if (reader.kind === 'array' && writer.kind === 'array') {
      return this.compare(reader.items, writer.items, `${path}[]`);
    }
    if (reader.kind === 'map' && writer.kind === 'map') {
      return this.compare(reader.values, writer.values, `${path}{}`);
    }
  }

  private fromUnion(reader: SchemaNode, writer: UnionNode, path: string): void {
    for (const branch of writer.branches) {
      if (reader.kind === 'union' || matches(reader, branch)) {
        this.compare(reader, branch, path);
      } else {
        const detail = `type changed from ${typeLabel(writer)} to ${typeLabel(reader)}: a ${typeLabel(branch)} value written by the previous version cannot be read`;
        this.problems.push(problem('type-changed', path, detail));
      }
    }
  }

  private intoUnion(reader: UnionNode, writer: SchemaNode, path: string): void {
    const branch = reader.branches.find((candidate) => matches(candidate, writer));
    if (branch) return this.compare(branch, writer, path);
    const detail = `type changed from ${typeLabel(writer)} to ${typeLabel(reader)}: no branch can read a ${typeLabel(writer)}`;
    this.problems.push(problem('type-changed', path, detail));
  }

  private typeChanged(reader: SchemaNode, writer: SchemaNode, path: string): void {
    if (isNamed(reader) && isNamed(writer) && reader.kind === writer.kind) {
      const detail = `${writer.kind} ${writer.fullName} was renamed to ${reader.fullName} without an alias`;
      this.problems.push(problem('name-changed', path, detail));
      return;
    }
    const detail = `type changed from ${typeLabel(writer)} to ${typeLabel(reader)}`;
    this.problems.push(problem('type-changed', path, detail));
  }

  private records(reader: RecordNode, writer: RecordNode, path: string): void {
    const key = `${reader.fullName}<${writer.fullName}`;
    if (this.inProgress.has(key)) return;
    this.inProgress.add(key);
    for (const field of reader.fields) {
      const written = writer.fields.find(
        (w) => w.name === field.name || field.aliases.includes(w.name),
      );
      if (written) this.compare(field.type, written.type, childPath(path, field.name));
      else if (!field.hasDefault) {
        const detail = `was added without a default: data written by the previous version has no value for it`;
        this.problems.push(
          problem('field-added-without-default', childPath(path, field.name), detail),
        );
      }
    }
    for (const field of writer.fields) {
      const kept = reader.fields.some(
        (r) => r.name === field.name || r.aliases.includes(field.name),
      );
      if (!kept && !field.hasDefault) {
        const detail = `was removed or renamed but had no default: consumers still on the previous version cannot read new data`;
        this.problems.push(
          problem('field-removed-without-default', childPath(path, field.name), detail),
        );
      }
    }
    this.inProgress.delete(key);
  }

  private enums(reader: EnumNode, writer: EnumNode, path: string): void {
    const removed = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (removed.length === 0 || reader.default !== undefined) return;
    const detail = `enum ${reader.fullName} lost symbol ${removed.join(', ')} and has no default to read it as`;
    this.problems.push(problem('enum-symbol-removed', path, detail));
  }

  private fixed(reader: FixedNode, writer: FixedNode, path: string): void {
    if (reader.size === writer.size) return;
    const detail = `fixed ${reader.fullName} changed size from ${writer.size} to ${reader.size}`;
    this.problems.push(problem('fixed-size-changed', path, detail));
  }
}

/** Whether `reader` can be chosen to read `writer` data (same kind and name, or a promotion). */
function matches(reader: SchemaNode, writer: SchemaNode): boolean {
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    return primitivesMatch(reader, writer);
  }
  if (isNamed(reader) && isNamed(writer)) {
    return reader.kind === writer.kind && namesMatch(reader, writer);
  }
  return reader.kind === writer.kind && reader.kind !== 'union';
}

function primitivesMatch(reader: PrimitiveNode, writer: PrimitiveNode): boolean {
  return reader.name === writer.name || (PROMOTIONS[writer.name] ?? []).includes(reader.name);
}

function namesMatch(reader: NamedNode, writer: NamedNode): boolean {
  return reader.fullName === writer.fullName || reader.aliases.includes(writer.fullName);
}
