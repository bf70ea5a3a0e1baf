import type { DryRunReport } from './dry-run';

export type ReplayOutcome = 'replayed' | 'would-replay' | 'refused' | 'skipped' | 'failed';

export interface ReplayResult {
  /** `topic/partition/offset` of the dead letter. */
  id: string;
  consumerGroup: string;
  eventId: string | null;
  eventType: string | null;
  outcome: ReplayOutcome;
  message: string;
  /** The failed group's first retry topic, where the record goes (or would go). */
  targetTopic: string;
  replayId: string | null;
  /** The replayed record came back to the dead-letter topic while the replay was watching. */
  failedAgain: boolean;
  dryRun: DryRunReport | null;
}

export interface ReplayReport {
  dryRun: boolean;
  results: ReplayResult[];
  counts: Record<ReplayOutcome, number>;
  failedAgain: number;
  /** True when replays were stopped because replayed records failed again. */
  stopped: boolean;
  /** False when the dead-letter topics could not be read to their end before the deadline. */
  complete: boolean;
}

export function toReport(
  results: ReplayResult[],
  dryRun: boolean,
  stopped: boolean,
  complete: boolean,
): ReplayReport {
  const counts: Record<ReplayOutcome, number> = {
    replayed: 0,
    'would-replay': 0,
    refused: 0,
    skipped: 0,
    failed: 0,
  };
  results.forEach((r) => (counts[r.outcome] += 1));
  return {
    dryRun,
    results,
    counts,
    failedAgain: results.filter((r) => r.failedAgain).length,
    stopped,
    complete,
  };
}
