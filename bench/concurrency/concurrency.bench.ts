import { resolve } from 'node:path';
import { DEFAULT_MAX_IN_FLIGHT } from '@handoff/messaging';
import { logReady, startService, stopService } from '@handoff/service-launcher';
import { writeReadmeSection, README_PATH } from '../shared/readme-section';
import { runActivationRound, type ActivationRoundResult } from './activation.round';
import { startBenchStack } from './bench-stack';
import { costLines, perActivation } from './round-costs';
import { loadConcurrencyBenchConfig, type ConcurrencyBenchConfig } from './concurrency.config';

const TARGET_SPEEDUP = 20;
const LOGS = resolve(__dirname, '../../.cache/logs');

/**
 * `npm run bench:concurrency`: the activation flow against the MNO simulator, one orchestrator
 * handling one record at a time (the runner before key-ordered concurrency) and then the default,
 * in one run with the audit ledger running as in the demo; activations per second and the speed-up.
 */
async function main(config: ConcurrencyBenchConfig): Promise<void> {
  const stack = await startBenchStack(config.mnoDelayMs);
  const ledger = await startService(
    {
      name: 'bench-audit-ledger',
      entry: 'apps/audit-ledger/src/main.ts',
      env: {},
      ready: logReady('consumer group running'),
    },
    resolve(LOGS, 'bench-audit-ledger.log'),
  );
  const results: ActivationRoundResult[] = [];
  try {
    const concurrent = config.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    for (const [label, maxInFlight] of [
      ['one at a time', 1],
      [`${concurrent} in flight`, concurrent],
    ] as const) {
      console.log(
        `${label}: ${config.activations} activations, MNO completing orders in ${config.mnoDelayMs} ms ...`,
      );
      const result = await runActivationRound({
        label,
        maxInFlight,
        activations: config.activations,
        stack,
        logsDir: LOGS,
        phaseTimeoutMs: config.phaseTimeoutMs,
      });
      console.log(
        `  ${result.perSecond.toFixed(1)} activations/s (${result.seconds.toFixed(1)} s)`,
      );
      for (const line of costLines(result)) console.log(`  ${line}`);
      results.push(result);
    }
  } finally {
    await stopService(ledger);
    await stack.close();
  }
  const lines = summaryLines(config, results);
  console.log('');
  for (const line of lines) console.log(line);
  writeReadmeSection('concurrency', lines);
  console.log(`written to ${README_PATH}`);
}

function summaryLines(
  config: ConcurrencyBenchConfig,
  [serial, concurrent]: ActivationRoundResult[],
): string[] {
  const speedUp = concurrent.perSecond / serial.perSecond;
  return [
    `Last run: ${new Date().toISOString()}`,
    '',
    `- Activations per mode: ${config.activations}; MNO simulator completes each order in ${config.mnoDelayMs} ms`,
    `- One orchestrator process; the audit ledger running beside it as in the demo`,
    `- One record in flight: **${serial.perSecond.toFixed(1)} activations/s** (${serial.seconds.toFixed(1)} s)`,
    `- ${concurrent.maxInFlight} in flight: **${concurrent.perSecond.toFixed(1)} activations/s** (${concurrent.seconds.toFixed(1)} s)`,
    `- Speed-up: **${speedUp.toFixed(1)}x** (target ≥ ${TARGET_SPEEDUP}x: ${speedUp >= TARGET_SPEEDUP ? 'met' : 'not met'})`,
    `- The orchestrator's cost per activation (${concurrent.maxInFlight} in flight): ${perActivation(concurrent, concurrent.costs.statements)} SQL statements, ${perActivation(concurrent, concurrent.costs.httpCalls)} HTTP calls`,
  ];
}

main(loadConcurrencyBenchConfig()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `concurrency bench failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
