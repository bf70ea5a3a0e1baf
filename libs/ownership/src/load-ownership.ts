import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { OwnershipMatrixError } from './ownership-errors';
import { OwnershipMatrix } from './ownership-matrix';

export const DEFAULT_OWNERSHIP_PATH = resolve(__dirname, '../../..', 'ownership.yaml');

function readYaml(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OwnershipMatrixError([`cannot read the file: ${(error as Error).message}`], path);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new OwnershipMatrixError(
      document.errors.map((e) => `YAML: ${e.message}`),
      path,
    );
  }
  return document.toJS() as unknown;
}

/** Loads and validates the ownership matrix; a service calls it once, at start-up. */
export function loadOwnershipMatrix(path: string = DEFAULT_OWNERSHIP_PATH): OwnershipMatrix {
  return OwnershipMatrix.fromDocument(readYaml(path), path);
}
