import { z } from 'zod';
import { loadConfig, loadInfraConfig } from '@handoff/config';
import { deleteTopicsQuietly, freshName } from '../messaging/bench-kafka.util';
import { writeReadmeSection } from '../shared/readme-section';
import { migratedDatabase } from '../../test/support/test-infra';
import { openFeedPublisher } from '../../apps/usage/src/usage-feed.publisher';
import { publishCdrs, seedLines } from './feed-records';
import { DAYS, reconcileLine, timeReconcile } from './reconcile-run';
import { bareRound, rateOf, usageRound, type FeedRound } from './usage-feed.rounds';

/** `--full` is the issue's measurement: 1M records against 100k, and a 1M-line invoice. */
const FULL = process.argv.includes('--full');

const count = (what: string, min: number, full: number, small: number) =>
  z.coerce
    .number({ invalid_type_error: `must be a number of ${what}` })
    .int()
    .min(min)
    .default(FULL ? full : small);

const schema = z.object({
  BENCH_USAGE_RECORDS: count('records', 1_000, 1_000_000, 20_000),
  BENCH_USAGE_BASE_RECORDS: count('records', 100, 100_000, 2_000),
  BENCH_USAGE_ROUNDS: count('rounds', 1, 1, 2),
  BENCH_USAGE_BASE_ROUNDS: count('rounds', 1, 3, 2),
  BENCH_RECONCILE_LINES: count('invoice lines', DAYS, 1_000_000, 30_000),
});
type Config = z.infer<typeof schema>;

interface SizeResult {
  records: number;
  rounds: { bare: FeedRound; usage: FeedRound }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** One round: a fresh database with the lines, the records published, then both loops on them. */
async function round(records: number, timeoutMs: number) {
  const infra = loadInfraConfig();
  const db = await migratedDatabase('bench_usage');
  const publisher = await openFeedPublisher();
  const topic = freshName('usage.feed');
  try {
    await seedLines(db.dataSource);
    await publishCdrs(infra.kafka, publisher, topic, records);
    const bare = await bareRound(infra.kafka, topic, records, timeoutMs);
    const usage = await usageRound(infra.kafka, db, topic, records, timeoutMs);
    for (const r of [bare, usage]) {
      console.log(
        `  ${r.kind}: ${n(rateOf(r))} records/s (${n(r.records)} in ${(r.elapsedMs / 1000).toFixed(1)} s)${r.peakRssMiB ? `, peak RSS ${r.peakRssMiB.toFixed(0)} MiB` : ''}`,
      );
      for (const note of r.notes) console.log(`      ${note}`);
    }
    return { bare, usage };
  } finally {
    await publisher.close();
    await deleteTopicsQuietly(infra.kafka, [topic]);
    await db.close();
  }
}

async function size(records: number, rounds: number): Promise<SizeResult> {
  const timeoutMs = 120_000 + records * 5;
  const result: SizeResult = { records, rounds: [] };
  for (let i = 1; i <= rounds; i += 1) {
    console.log(`${n(records)} records, round ${i} of ${rounds}`);
    result.rounds.push(await round(records, timeoutMs));
  }
  return result;
}

function summary(size: SizeResult) {
  const usage = median(size.rounds.map((r) => rateOf(r.usage)));
  const bare = median(size.rounds.map((r) => rateOf(r.bare)));
  const rss = Math.max(...size.rounds.map((r) => r.usage.peakRssMiB ?? 0));
  const line =
    `${n(size.records)} records (${size.rounds.length} round(s), medians): usage service ` +
    `**${n(usage)} records/s**, bare kafkajs ${n(bare)} records/s, ratio **${(usage / bare).toFixed(2)}**, ` +
    `peak RSS ${rss.toFixed(0)} MiB (rounds: ${size.rounds.map((r) => n(rateOf(r.usage))).join(', ')} records/s)`;
  return { usage, bare, rss, line };
}

const met = (ok: boolean) => (ok ? 'met' : 'not met');

async function main(config: Config): Promise<void> {
  const base = summary(await size(config.BENCH_USAGE_BASE_RECORDS, config.BENCH_USAGE_BASE_ROUNDS));
  const large = summary(await size(config.BENCH_USAGE_RECORDS, config.BENCH_USAGE_ROUNDS));
  console.log(`usage reconcile on ${n(config.BENCH_RECONCILE_LINES)} invoice lines`);
  const reconcile = await timeReconcile(config.BENCH_RECONCILE_LINES);
  const growth = large.usage / base.usage;
  const rssGrowth = large.rss / base.rss;
  const lines = [
    `Last run: ${new Date().toISOString()}${FULL ? ' (--full)' : ''}`,
    '',
    `- ${large.line}`,
    `- ${base.line}`,
    `- Ratio usage/bare at ${n(config.BENCH_USAGE_RECORDS)}: ${(large.usage / large.bare).toFixed(2)} (target ≥ 0.5: ${met(large.usage / large.bare >= 0.5)})`,
    `- Throughput at ${n(config.BENCH_USAGE_RECORDS)} vs ${n(config.BENCH_USAGE_BASE_RECORDS)}: ${(growth * 100).toFixed(0)} % (target within 10 %: ${met(growth >= 0.9)})`,
    `- Peak RSS at ${n(config.BENCH_USAGE_RECORDS)} vs ${n(config.BENCH_USAGE_BASE_RECORDS)}: ${(rssGrowth * 100).toFixed(0)} % (target within 120 %: ${met(rssGrowth <= 1.2)})`,
    `- ${reconcileLine(reconcile)} (target < 60 s at 1,000,000: ${reconcile.lines >= 1_000_000 ? met(reconcile.seconds < 60) : 'not measured at this size'})`,
  ];
  console.log(`\n${lines.join('\n')}`);
  writeReadmeSection('usage', lines);
}

main(loadConfig(schema, process.env)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      'usage bench failed:',
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
    process.exit(1);
  },
);
