/**
 * A small, resolved model of an Avro schema, built from the schema JSON. avsc's parsed types drop
 * attributes we need (enum defaults, logical types, docs, field aliases), so the compatibility
 * check and the code generator walk this model; avsc stays the authority for encoding and resolution.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type PrimitiveName =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface PrimitiveNode {
  kind: 'primitive';
  name: PrimitiveName;
  logicalType?: string;
}

interface NamedBase {
  fullName: string;
  name: string;
  namespace: string;
  /** Full names this type may also be known by (already qualified). */
  aliases: string[];
  doc?: string;
  /** The JSON that defined the type, for identity comparisons across files. */
  json: JsonObject;
}

export interface FieldNode {
  name: string;
  aliases: string[];
  doc?: string;
  type: SchemaNode;
  hasDefault: boolean;
  default?: Json;
}

export interface RecordNode extends NamedBase {
  kind: 'record';
  fields: FieldNode[];
}

export interface EnumNode extends NamedBase {
  kind: 'enum';
  symbols: string[];
  default?: string;
}

export interface FixedNode extends NamedBase {
  kind: 'fixed';
  size: number;
}

export interface ArrayNode {
  kind: 'array';
  items: SchemaNode;
}

export interface MapNode {
  kind: 'map';
  values: SchemaNode;
}

export interface UnionNode {
  kind: 'union';
  branches: SchemaNode[];
}

export type NamedNode = RecordNode | EnumNode | FixedNode;
export type SchemaNode = PrimitiveNode | NamedNode | ArrayNode | MapNode | UnionNode;

export function isNamed(node: SchemaNode): node is NamedNode {
  return node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed';
}

/** A short label for messages: `long`, `handoff.common.Money`, `array<string>`, `["null","string"]`. */
export function typeLabel(node: SchemaNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.logicalType ? `${node.name}:${node.logicalType}` : node.name;
    case 'array':
      return `array<${typeLabel(node.items)}>`;
    case 'map':
      return `map<${typeLabel(node.values)}>`;
    case 'union':
      return `[${node.branches.map((b) => JSON.stringify(typeLabel(b))).join(',')}]`;
    default:
      return node.fullName;
  }
}

/** Every named type reachable from `root` (root first), each once. */
export function namedTypesOf(root: SchemaNode): NamedNode[] {
  const found = new Map<string, NamedNode>();
  const visit = (node: SchemaNode): void => {
    if (node.kind === 'union') return node.branches.forEach(visit);
    if (node.kind === 'array') return visit(node.items);
    if (node.kind === 'map') return visit(node.values);
    if (!isNamed(node) || found.has(node.fullName)) return;
    found.set(node.fullName, node);
    if (node.kind === 'record') node.fields.forEach((field) => visit(field.type));
  };
  visit(root);
  return [...found.values()];
}

/** What a named type means, with nested named types by name: equal shapes are the same type. */
export function shapeOf(node: NamedNode): string {
  if (node.kind === 'enum') return JSON.stringify({ symbols: node.symbols, default: node.default });
  if (node.kind === 'fixed') return JSON.stringify({ size: node.size });
  const fields = node.fields.map((f) => [
    f.name,
    typeLabel(f.type),
    f.hasDefault ? f.default : '(none)',
  ]);
  return JSON.stringify(fields);
}
