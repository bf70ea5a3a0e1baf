import type { DeadLetterBrowser, DeadLetterEntry } from '../browse/dead-letter-browser';
import { topicsOfGroup } from '../dead-letter-groups';
import type { DeadLetterOpsDeps } from '../ops-deps';
import { dryRun } from './dry-run';
import { toReport, type ReplayReport, type ReplayResult } from './replay-report';
import { replaySettings, type ReplayRequest, type ReplaySettings } from './replay-request';
import { resultFor, replayRefusal } from './replay-result';
import { ReplayRun } from './replay-run';

/**
 * Sends dead letters back to the consumer group that failed them, through that group's first retry
 * topic: the other groups on the source topic never see a replay, and the record keeps its ids.
 */
export class DeadLetterReplayer {
  constructor(
    private readonly deps: DeadLetterOpsDeps,
    private readonly browser: DeadLetterBrowser,
  ) {}

  async replay(req: ReplayRequest): Promise<ReplayReport> {
    const settings = replaySettings(req);
    const { entries, complete } = await this.select(req, settings);
    if (req.dryRun) return toReport(await this.dryRunAll(entries, settings), true, false, complete);
    const topics = [...new Set(entries.map((e) => e.deadLetter.ref.topic))];
    const run = new ReplayRun(this.deps, settings, topics, entries.length);
    try {
      for (const entry of entries) await run.step(entry, this.targetOf(entry));
    } finally {
      await run.finish();
    }
    return toReport(run.results, false, run.stopped, complete);
  }

  private async select(
    req: ReplayRequest,
    settings: ReplaySettings,
  ): Promise<{ entries: DeadLetterEntry[]; complete: boolean }> {
    if (req.refs?.length) return { entries: await this.browser.byRefs(req.refs), complete: true };
    // A filter means "what is still failing": already handled ones only when asked for.
    const status = req.filter?.status ?? (settings.force ? undefined : 'open');
    const listing = await this.browser.list({ ...req.filter, status });
    return { entries: listing.items, complete: listing.complete };
  }

  private async dryRunAll(
    entries: DeadLetterEntry[],
    settings: ReplaySettings,
  ): Promise<ReplayResult[]> {
    const results: ReplayResult[] = [];
    for (const entry of entries) {
      const target = this.targetOf(entry);
      const { codec } = this.deps.backbone;
      const calls = this.deps.vendorCalls ?? {};
      const report = await dryRun(entry, codec, this.deps.dataSource, target, calls);
      const refusal = replayRefusal(entry, this.deps.backbone.codec, settings.force);
      results.push({
        ...resultFor(entry, target),
        outcome: refusal ? 'refused' : 'would-replay',
        message: refusal ?? `would send to ${target}`,
        dryRun: report,
      });
      settings.onProgress?.(results.length, entries.length, results[results.length - 1]);
    }
    return results;
  }

  private targetOf(entry: DeadLetterEntry): string {
    return topicsOfGroup(entry.deadLetter.consumerGroup, this.deps.groups).retry[0].name;
  }
}
