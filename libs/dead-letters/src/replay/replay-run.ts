import { randomUUID } from 'node:crypto';
import { replayedEvent } from '../actions/ops-facts';
import { recordDecision } from '../actions/record-decision';
import type { DeadLetterEntry } from '../browse/dead-letter-browser';
import type { DeadLetterOpsDeps } from '../ops-deps';
import { Pacer } from './pacer';
import { replayRecord } from './replay-record';
import type { ReplayResult } from './replay-report';
import type { ReplaySettings } from './replay-request';
import { resultFor, replayRefusal, skipped } from './replay-result';
import { ReplayWatch } from './replay-watch';

/** One bulk replay in progress: paces the sends, watches for records that fail again, stops early. */
export class ReplayRun {
  readonly results: ReplayResult[] = [];
  stopped = false;
  private watch: ReplayWatch | undefined;
  private readonly pacer: Pacer;
  private readonly sent: string[] = [];

  constructor(
    private readonly deps: DeadLetterOpsDeps,
    private readonly settings: ReplaySettings,
    private readonly deadLetterTopics: readonly string[],
    private readonly total: number,
  ) {
    this.pacer = new Pacer(settings.ratePerSecond);
  }

  async step(entry: DeadLetterEntry, target: string): Promise<void> {
    const result = this.shouldStop()
      ? skipped(entry, target, this.stopMessage())
      : await this.replayOne(entry, target);
    this.results.push(result);
    this.settings.onProgress?.(this.results.length, this.total, result);
  }

  /** Keeps watching a little after the last send, then marks the records that came back. */
  async finish(): Promise<void> {
    const watch = this.watch;
    if (!watch) return;
    try {
      if (this.sent.length > 0) await new Promise((r) => setTimeout(r, this.settings.settleMs));
      const failed = new Set(watch.failedAmong(this.sent));
      for (const r of this.results) r.failedAgain = r.replayId !== null && failed.has(r.replayId);
    } finally {
      await watch.stop();
    }
  }

  private shouldStop(): boolean {
    if (!this.stopped && this.watch) {
      this.stopped = this.watch.failedAmong(this.sent).length > this.settings.maxFailures;
    }
    return this.stopped;
  }

  private stopMessage(): string {
    return `not replayed: more than ${this.settings.maxFailures} replayed records failed again`;
  }

  private async replayOne(entry: DeadLetterEntry, target: string): Promise<ReplayResult> {
    const refusal = replayRefusal(entry, this.deps.backbone.codec, this.settings.force);
    if (refusal) return { ...resultFor(entry, target), outcome: 'refused', message: refusal };
    this.watch ??= await ReplayWatch.start(this.deps.backbone.client, this.deadLetterTopics);
    await this.pacer.next();
    const replayId = randomUUID();
    try {
      const refused = await this.send(entry, target, replayId);
      if (refused) return { ...resultFor(entry, target), outcome: 'refused', message: refused };
      this.sent.push(replayId);
      return {
        ...resultFor(entry, target),
        outcome: 'replayed',
        replayId,
        message: `sent to ${target}`,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ...resultFor(entry, target),
        outcome: 'failed',
        message: `replay failed: ${message}`,
      };
    }
  }

  private send(
    entry: DeadLetterEntry,
    target: string,
    replayId: string,
  ): Promise<string | undefined> {
    const { operatorId, reason, force } = this.settings;
    const decision = { decisionId: replayId, operatorId, reason, at: Date.now() };
    const record = replayRecord(entry.record, {
      topic: target,
      replayId,
      replayedBy: operatorId,
      reason,
      now: decision.at,
    });
    return recordDecision(this.deps, entry, {
      kind: 'replay',
      decision,
      force,
      event: replayedEvent(entry.deadLetter, entry.record.key, target, decision),
      ledgerExtra: { replayTopic: target },
      act: () => this.deps.backbone.producer.send([record]),
    });
  }
}
