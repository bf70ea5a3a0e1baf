import { arch, cpus, platform, release, totalmem } from 'node:os';
import type { BenchConfig } from './bench.config';
import { rateOf, type LoopKind, type RoundResult } from './round.model';

/** What a run of the bench found: both loops' median rates over the rounds, and their ratio. */
export interface BenchSummary {
  date: string;
  records: number;
  rounds: number;
  payloadBytes: number;
  machine: string;
  /** The backbone settings measured, e.g. `maxInFlight 1000` when BENCH_MAX_IN_FLIGHT was set. */
  settings: string;
  bare: LoopSummary;
  backbone: LoopSummary;
  ratio: number;
  target: number;
}

export interface LoopSummary {
  medianRate: number;
  rates: number[];
  medianStartMs: number;
  /** Cores other processes used during the timed phases (median); NaN off Linux. */
  medianOtherCores: number;
}

export const RATIO_TARGET = 0.3;

export function summarize(
  results: readonly RoundResult[],
  config: BenchConfig,
  payloadBytes: number,
): BenchSummary {
  const bare = loopSummary(results, 'bare');
  const backbone = loopSummary(results, 'backbone');
  return {
    date: new Date().toISOString(),
    records: config.records,
    rounds: bare.rates.length,
    payloadBytes,
    machine: machineInfo(),
    settings: backboneSettings(config),
    bare,
    backbone,
    ratio: backbone.medianRate / bare.medianRate,
    target: RATIO_TARGET,
  };
}

function loopSummary(results: readonly RoundResult[], kind: LoopKind): LoopSummary {
  const mine = results.filter((r) => r.kind === kind);
  return {
    medianRate: median(mine.map(rateOf)),
    rates: mine.map(rateOf),
    medianStartMs: median(mine.map((r) => r.startMs)),
    medianOtherCores: median(mine.flatMap((r) => (r.cpu ? [r.cpu.other] : []))),
  };
}

function backboneSettings(config: BenchConfig): string {
  const chunk = config.maxInFlight
    ? `maxInFlight ${config.maxInFlight}`
    : 'default maxInFlight (100)';
  const relay = config.relayBatchSize
    ? `relay batchSize ${config.relayBatchSize}`
    : 'default relay batchSize (500)';
  const handler =
    config.handlerKind === 'batch' ? 'a batch handler per fetched chunk' : 'a handler per record';
  return `${handler}, ${chunk}, ${relay}, relay idleMs 20`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function machineInfo(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  return `${list.length} CPUs (${model}), ${gib} GiB RAM, ${platform()} ${release()} ${arch()}, Node ${process.version}`;
}

export const formatRate = (rate: number): string =>
  `${Math.round(rate).toLocaleString('en-US')} records/s`;

export function summaryLines(s: BenchSummary): string[] {
  const verdict = s.ratio >= s.target ? 'meets' : 'BELOW';
  const rounds = (rates: number[]) => rates.map(formatRate).join(', ');
  return [
    `N = ${s.records} records of ${s.payloadBytes} bytes, ${s.rounds} round(s), medians; ${s.machine}`,
    `bare kafkajs consume -> produce:  ${formatRate(s.bare.medianRate)} (rounds: ${rounds(s.bare.rates)})`,
    `backbone consumer + outbox relay: ${formatRate(s.backbone.medianRate)} (rounds: ${rounds(s.backbone.rates)})`,
    `ratio backbone/bare: ${s.ratio.toFixed(2)} (${verdict} the target of ${s.target}); backbone: ${s.settings}`,
    `other processes' CPU in the timed phases (median cores): ` +
      `bare ${s.bare.medianOtherCores.toFixed(2)}, backbone ${s.backbone.medianOtherCores.toFixed(2)}`,
  ];
}
