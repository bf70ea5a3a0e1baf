import 'reflect-metadata';
import { loadOpsConfig } from './ops.config';
import { startOpsApi } from './ops-api';

async function main(): Promise<void> {
  const { port, host } = loadOpsConfig();
  const { url } = await startOpsApi({ port, host });
  process.stdout.write(`ops API listening on ${url} (OpenAPI at ${url}/docs)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ops API failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
