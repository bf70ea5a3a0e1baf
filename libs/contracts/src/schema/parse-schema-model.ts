import {
  EnumNode,
  FieldNode,
  FixedNode,
  Json,
  JsonObject,
  NamedNode,
  PrimitiveName,
  PrimitiveNode,
  RecordNode,
  SchemaNode,
} from './schema-model';

const PRIMITIVES: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

/**
 * Builds the resolved model of a schema that avsc has already accepted (so the shape is valid);
 * named types are resolved with Avro's namespace rules and shared by reference.
 */
export function parseSchemaModel(json: Json): SchemaNode {
  return new ModelBuilder().build(json, '');
}

function isObject(json: Json): json is JsonObject {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

function qualify(name: string, namespace: string): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function optionalString(json: JsonObject, key: string): string | undefined {
  const value = json[key];
  return typeof value === 'string' ? value : undefined;
}

function stringList(json: JsonObject, key: string): string[] {
  const value = json[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

class ModelBuilder {
  private readonly named = new Map<string, NamedNode>();

  build(json: Json, namespace: string): SchemaNode {
    if (typeof json === 'string') return this.reference(json, namespace);
    if (Array.isArray(json)) {
      return { kind: 'union', branches: json.map((branch) => this.build(branch, namespace)) };
    }
    if (!isObject(json)) throw new Error(`not an Avro schema: ${JSON.stringify(json)}`);
    return this.complex(json, namespace);
  }

  private reference(name: string, namespace: string): SchemaNode {
    if (PRIMITIVES.has(name)) return { kind: 'primitive', name: name as PrimitiveName };
    const found = this.named.get(qualify(name, namespace)) ?? this.named.get(name);
    if (!found) throw new Error(`unknown type reference ${name}`);
    return found;
  }

  private complex(json: JsonObject, namespace: string): SchemaNode {
    const type = json.type;
    if (typeof type !== 'string') return this.build(type, namespace);
    switch (type) {
      case 'record':
      case 'error':
        return this.record(json, namespace);
      case 'enum':
        return this.enumType(json, namespace);
      case 'fixed':
        return this.fixed(json, namespace);
      case 'array':
        return { kind: 'array', items: this.build(json.items, namespace) };
      case 'map':
        return { kind: 'map', values: this.build(json.values, namespace) };
      default:
        return this.primitive(json, type, namespace);
    }
  }

  private primitive(json: JsonObject, type: string, namespace: string): SchemaNode {
    const logicalType = optionalString(json, 'logicalType');
    const base = this.reference(type, namespace);
    if (base.kind !== 'primitive' || logicalType === undefined) return base;
    const node: PrimitiveNode = { ...base, logicalType };
    return node;
  }

  private names(json: JsonObject, enclosing: string) {
    const name = optionalString(json, 'name') ?? '';
    const fullName = qualify(name, optionalString(json, 'namespace') ?? enclosing);
    const namespace = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : '';
    const aliases = stringList(json, 'aliases').map((alias) => qualify(alias, namespace));
    const simpleName = fullName.slice(fullName.lastIndexOf('.') + 1);
    return {
      fullName,
      namespace,
      aliases,
      name: simpleName,
      doc: optionalString(json, 'doc'),
      json,
    };
  }

  private register<T extends NamedNode>(node: T): T {
    this.named.set(node.fullName, node);
    return node;
  }

  private record(json: JsonObject, enclosing: string): RecordNode {
    const node = this.register<RecordNode>({
      kind: 'record',
      ...this.names(json, enclosing),
      fields: [],
    });
    const fields = Array.isArray(json.fields) ? json.fields.filter(isObject) : [];
    node.fields = fields.map((field) => this.field(field, node.namespace));
    return node;
  }

  private field(json: JsonObject, namespace: string): FieldNode {
    const hasDefault = 'default' in json;
    return {
      name: optionalString(json, 'name') ?? '',
      aliases: stringList(json, 'aliases'),
      doc: optionalString(json, 'doc'),
      type: this.build(json.type, namespace),
      hasDefault,
      ...(hasDefault ? { default: json.default } : {}),
    };
  }

  private enumType(json: JsonObject, enclosing: string): EnumNode {
    return this.register<EnumNode>({
      kind: 'enum',
      ...this.names(json, enclosing),
      symbols: stringList(json, 'symbols'),
      default: optionalString(json, 'default'),
    });
  }

  private fixed(json: JsonObject, enclosing: string): FixedNode {
    const size = typeof json.size === 'number' ? json.size : 0;
    return this.register<FixedNode>({ kind: 'fixed', ...this.names(json, enclosing), size });
  }
}
