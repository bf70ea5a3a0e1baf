import { loadInfraConfig } from '@handoff/config';
import { EventTypes, loadLocalRegistry } from '@handoff/contracts';
import { runBackboneRound, type BackboneRoundContext } from './backbone-loop.round';
import { runBareRound } from './bare-loop.round';
import { loadBenchConfig, type BenchConfig } from './bench.config';
import { benchPayload } from './bench-payload.fixture';
import { writeMessagingSection, README_PATH } from './bench-readme.writer';
import { summarize, summaryLines } from './bench-summary';
import { rateOf, type RoundContext, type RoundResult } from './round.model';

/**
 * `npm run bench:messaging`: the bare kafkajs consume-then-produce loop and the same volume
 * through the backbone, alternately on the same broker, then the medians and their ratio.
 */
async function main(config: BenchConfig): Promise<void> {
  const infra = loadInfraConfig();
  const schemas = loadLocalRegistry();
  const eventType = EventTypes.ActivationRequested;
  const payload = benchPayload(schemas, eventType);
  console.log(
    `messaging bench: ${config.records} records x ${config.rounds} round(s), ` +
      `${payload.encodedBytes}-byte ${eventType} values, brokers ${infra.kafka.brokers.join(',')}, ` +
      `phase deadline ${config.phaseTimeoutMs} ms`,
  );
  const results: RoundResult[] = [];
  for (let round = 1; round <= config.rounds; round += 1) {
    const ctx: RoundContext = {
      round,
      records: config.records,
      kafka: infra.kafka,
      phaseTimeoutMs: config.phaseTimeoutMs,
      quietWaitMs: config.quietWaitMs,
    };
    const backbone: BackboneRoundContext = {
      ...ctx,
      databaseUrl: infra.databaseUrl,
      schemas,
      eventType,
      payload: payload.data,
      maxInFlight: config.maxInFlight,
      relayBatchSize: config.relayBatchSize,
      handlerKind: config.handlerKind,
      profile: config.profile,
    };
    results.push(report(await runBareRound(ctx)));
    results.push(report(await runBackboneRound(backbone)));
  }
  const summary = summarize(results, config, payload.encodedBytes);
  console.log('');
  for (const line of summaryLines(summary)) console.log(line);
  writeMessagingSection(summary);
  console.log(`written to ${README_PATH}`);
}

function report(result: RoundResult): RoundResult {
  const seconds = (result.elapsedMs / 1000).toFixed(2);
  console.log(
    `  ${result.kind} #${result.round}: ${Math.round(rateOf(result))} records/s ` +
      `(${result.records} in ${seconds} s, consumer start ${Math.round(result.startMs)} ms)`,
  );
  for (const note of result.notes) console.log(`      ${note}`);
  return result;
}

/** Ends the process even if a client refuses to close: every phase has a deadline, and so has the run. */
function watchdog(config: BenchConfig): void {
  // Per round: two pre-produce phases, two timed phases, two waits for a quiet machine, set-up and clean-up.
  const budgetMs = config.rounds * (4 * config.phaseTimeoutMs + 2 * config.quietWaitMs + 120_000);
  const timer = setTimeout(() => {
    console.error(`messaging bench: still running after ${budgetMs} ms; giving up`);
    process.exit(2);
  }, budgetMs);
  timer.unref();
}

const config = loadBenchConfig();
watchdog(config);
main(config).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      'messaging bench failed:',
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
    process.exit(1);
  },
);
