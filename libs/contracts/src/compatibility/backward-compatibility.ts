import * as avro from 'avsc';
import { AvroSchema } from '../registry/scan-contracts';
import { parseSchemaModel } from '../schema/parse-schema-model';
import { Json } from '../schema/schema-model';
import { CompatibilityProblem, problem } from './compatibility-problem';
import { SchemaComparison } from './schema-comparison';

/**
 * Can a consumer on `next` (the reader) decode data a producer wrote with `previous` (the writer)?
 * Compares field by field to name what breaks, and asks avsc to build the resolver as the final word.
 * Also reports a field removed while it had no default: consumers still on `previous` could not
 * read `next` data during a rolling upgrade.
 */
export function checkBackwardCompatibility(
  previous: unknown,
  next: unknown,
): CompatibilityProblem[] {
  const writer = parseType(previous, 'previous');
  const reader = parseType(next, 'next');
  if ('kind' in writer) return [writer];
  if ('kind' in reader) return [reader];
  const comparison = new SchemaComparison();
  // avsc accepted both, so they are valid schema JSON.
  comparison.compare(parseSchemaModel(next as Json), parseSchemaModel(previous as Json), '');
  const problems = comparison.problems;
  try {
    reader.type.createResolver(writer.type);
  } catch (error) {
    // Only reached if the field-by-field rules missed a case avsc knows about.
    if (problems.length === 0) problems.push(problem('unresolvable', '', errorMessage(error)));
  }
  return problems;
}

function parseType(json: unknown, which: string): { type: avro.Type } | CompatibilityProblem {
  try {
    return { type: avro.Type.forSchema(json as AvroSchema) };
  } catch (error) {
    return problem('invalid-schema', '', `the ${which} schema is invalid: ${errorMessage(error)}`);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
