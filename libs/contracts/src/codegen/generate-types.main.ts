import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateEventTypes, GENERATED_TYPES_FILE } from './generate-types';

try {
  writeFileSync(GENERATED_TYPES_FILE, generateEventTypes());
  console.log(`wrote ${relative(process.cwd(), GENERATED_TYPES_FILE)}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
