import 'reflect-metadata';
import { loadOrchestratorConfig } from './orchestrator.config';
import { startOrchestrator } from './start-orchestrator';

startOrchestrator(loadOrchestratorConfig()).catch((error: unknown) => {
  process.stderr.write(
    `orchestrator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
