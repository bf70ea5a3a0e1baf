import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { SimulatorError } from '../errors/simulator.error';

/** `['serviceOrderItem', 0, 'service']` → `serviceOrderItem[0].service`; `[iccid]` segments are kept as is. */
export function fieldPath(path: readonly (string | number)[], root = 'body'): string {
  if (path.length === 0) return root;
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    if (segment.startsWith('[') || text === '') return `${text}${segment}`;
    return `${text}.${segment}`;
  }, '');
}

/** Parses `value`, or rejects it with a 400 whose message names every offending field. */
export function parseOrReject<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  root = 'body',
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${fieldPath(issue.path, root)}: ${issue.message}`,
  );
  throw new SimulatorError(400, 'INVALID_REQUEST', 'Invalid request', problems.join('; '));
}

/** `@Body(new ZodValidationPipe(schema))`: request validation with field names in the error. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T, z.ZodTypeDef, unknown>,
    private readonly root = 'body',
  ) {}

  transform(value: unknown): T {
    return parseOrReject(this.schema, value, this.root);
  }
}
