import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The repository's footprint: `sales-footprint.yaml` next to `ownership.yaml`. */
export const DEFAULT_SALES_FOOTPRINT_PATH = resolve(
  __dirname,
  '../../../..',
  'sales-footprint.yaml',
);

const placeSchema = z
  .object({
    jurisdiction: z
      .string()
      .regex(
        /^[A-Z]{2}-[A-Z]{2}-[A-Z0-9]+$/,
        'must be a jurisdiction code like US-CA-SANFRANCISCO',
      ),
    state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state or territory code'),
    locality: z.string().min(1),
  })
  .strict()
  .refine((p) => p.jurisdiction.split('-')[1] === p.state, {
    message: 'the jurisdiction code names another state',
  });

const footprintSchema = z
  .object({
    version: z.literal(1),
    places: z
      .array(placeSchema)
      .min(1, 'must name at least one place')
      .refine((places) => new Set(places.map((p) => p.jurisdiction)).size === places.length, {
        message: 'names a jurisdiction twice',
      }),
  })
  .strict();

/** A state and locality the MVNO sells in, by the tax engine's code for it. */
export type SalesPlace = z.infer<typeof placeSchema>;

export class SalesFootprintError extends Error {
  constructor(path: string, detail: string) {
    super(`sales footprint ${path}: ${detail}`);
    this.name = 'SalesFootprintError';
  }
}

/** Reads and validates the footprint; every problem is named with its path in the file. */
export function loadSalesFootprint(path: string = DEFAULT_SALES_FOOTPRINT_PATH): SalesPlace[] {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SalesFootprintError(path, `cannot read the file (${(error as Error).message})`);
  }
  return parseSalesFootprint(document, path);
}

export function parseSalesFootprint(document: unknown, source = 'sales-footprint.yaml') {
  const result = footprintSchema.safeParse(document);
  if (result.success) return result.data.places;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new SalesFootprintError(source, issues.join('; '));
}
