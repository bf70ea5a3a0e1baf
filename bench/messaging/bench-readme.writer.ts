import { README_PATH, writeReadmeSection } from '../shared/readme-section';
import { formatRate, type BenchSummary } from './bench-summary';

export { README_PATH };

/** Replaces the messaging section of the bench README with this run's numbers. */
export function writeMessagingSection(summary: BenchSummary, path = README_PATH): void {
  writeReadmeSection('messaging', sectionBody(summary), path);
}

function sectionBody(s: BenchSummary): string[] {
  const rounds = (rates: number[]) =>
    rates.map((r) => Math.round(r).toLocaleString('en-US')).join(', ');
  return [
    `Last run: ${s.date}`,
    '',
    `- Records per loop and round (N): ${s.records}, values of ${s.payloadBytes} bytes`,
    `- Rounds: ${s.rounds} (bare, backbone, bare, backbone, ...); the rates are medians over the rounds`,
    `- Machine: ${s.machine}`,
    `- Bare kafkajs consume → produce: **${formatRate(s.bare.medianRate)}** (rounds: ${rounds(s.bare.rates)})`,
    `- Backbone (decode, inbox, handler, outbox, commit, relay): **${formatRate(s.backbone.medianRate)}** (rounds: ${rounds(s.backbone.rates)})`,
    `- Ratio backbone/bare: **${s.ratio.toFixed(2)}** (target ≥ ${s.target}: ${s.ratio >= s.target ? 'met' : 'not met'})`,
    `- Backbone settings: ${s.settings}`,
    `- CPU used by other processes during the timed phases (median, cores): bare ${s.bare.medianOtherCores.toFixed(2)}, backbone ${s.backbone.medianOtherCores.toFixed(2)}; the bench waits up to BENCH_QUIET_WAIT_MS for a quiet machine before each timed phase`,
    `- Consumer start-up included in the timings (median): bare ${Math.round(s.bare.medianStartMs)} ms, backbone ${Math.round(s.backbone.medianStartMs)} ms`,
  ];
}
