import { resolve } from 'node:path';
import { DEFAULT_MAX_IN_FLIGHT } from '@handoff/messaging';
import type { DataSource } from 'typeorm';
import { chargedBssActivation } from '../../test/support/activation-requests';
import { runActivationRound, type ActivationRoundResult } from '../concurrency/activation.round';
import { startBenchStack } from '../concurrency/bench-stack';
import { costLines } from '../concurrency/round-costs';
import { README_PATH, writeReadmeSection } from '../shared/readme-section';
import { loadSagaBenchConfig, type SagaBenchConfig } from './saga.config';

const TARGET_STEPS_PER_SECOND = 1_000;
const LOGS = resolve(__dirname, '../../.cache/logs');

/**
 * `npm run bench:saga`: activations with charges through the whole saga (validation with the
 * jurisdiction, tax quote, authorization, MNO, capture, tax commit), published by the BSS at once,
 * one orchestrator, the simulators answering at once; saga steps and activations per second, and
 * what each step costs in SQL statements and HTTP calls.
 */
async function main(config: SagaBenchConfig): Promise<void> {
  const stack = await startBenchStack(0);
  try {
    const maxInFlight = config.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    console.log(`${config.activations} activations with charges, ${maxInFlight} in flight ...`);
    const result = await runActivationRound({
      label: 'saga',
      maxInFlight,
      activations: config.activations,
      stack,
      logsDir: LOGS,
      phaseTimeoutMs: config.phaseTimeoutMs,
      request: (iccid) => chargedBssActivation(iccid),
    });
    const steps = await sagaSteps(stack.db, result.activationIds);
    for (const line of costLines(result)) console.log(`  ${line}`);
    const lines = summaryLines(result, steps);
    console.log('');
    for (const line of lines) console.log(line);
    writeReadmeSection('saga', lines);
    console.log(`written to ${README_PATH}`);
  } finally {
    await stack.close();
  }
}

/** The saga's persisted step transitions, as the audit ledger recorded them with each commit. */
async function sagaSteps(db: DataSource, activationIds: string[]): Promise<number> {
  const [row] = await db.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM audit_ledger
      WHERE kind = 'saga-step'
        AND correlation_id IN (SELECT correlation_id FROM activations WHERE activation_id = ANY($1::text[]))`,
    [activationIds],
  );
  return Number(row.n);
}

function summaryLines(result: ActivationRoundResult, steps: number): string[] {
  const stepsPerSecond = steps / result.seconds;
  const perStep = (count: number) => (count / steps).toFixed(1);
  return [
    `Last run: ${new Date().toISOString()}`,
    '',
    `- Activations with charges: ${result.activations}, published at once by the BSS; ${result.maxInFlight} in flight; simulators answering at once`,
    `- ${steps} saga steps (${(steps / result.activations).toFixed(1)} per activation) in ${result.seconds.toFixed(1)} s`,
    `- **${stepsPerSecond.toFixed(0)} saga steps/s**, **${result.perSecond.toFixed(1)} activations/s** (target ≥ ${TARGET_STEPS_PER_SECOND} steps/s: ${stepsPerSecond >= TARGET_STEPS_PER_SECOND ? 'met' : 'not met'})`,
    `- Cost per step (the orchestrator's, from when it was ready): ${perStep(result.costs.statements)} SQL statements, ${perStep(result.costs.httpCalls)} HTTP calls, ${perStep(result.costs.cpuMs)} ms of CPU`,
  ];
}

main(loadSagaBenchConfig()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`saga bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
