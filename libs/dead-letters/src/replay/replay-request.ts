import type { DeadLetterFilter, DeadLetterRef } from '../dead-letter';
import { InvalidDeadLetterInputError } from '../dead-letter-errors';
import type { OpsActor } from '../ops-deps';
import type { ReplayResult } from './replay-report';

export interface ReplayRequest {
  /** The dead letters to replay; or a filter (which picks open ones unless it names a status or force is set). */
  refs?: readonly DeadLetterRef[];
  filter?: DeadLetterFilter;
  reason: string;
  operator: OpsActor;
  dryRun?: boolean;
  /** Records sent per second at most (20). */
  ratePerSecond?: number;
  /** Stop once more than this many replayed records are back on the dead-letter topic (3). */
  maxFailures?: number;
  /** Replay dead letters that were already replayed or discarded. */
  force?: boolean;
  /** How long to keep watching for records that fail again after the last send (2 s). */
  settleMs?: number;
  onProgress?: (done: number, total: number, result: ReplayResult) => void;
}

export interface ReplaySettings {
  operatorId: string;
  reason: string;
  force: boolean;
  ratePerSecond: number;
  maxFailures: number;
  settleMs: number;
  onProgress?: ReplayRequest['onProgress'];
}

export const REPLAY_DEFAULTS = { ratePerSecond: 20, maxFailures: 3, settleMs: 2_000 } as const;

export function replaySettings(req: ReplayRequest): ReplaySettings {
  if (!req.refs?.length && !req.filter) {
    throw new InvalidDeadLetterInputError('name the dead letters to replay: refs or a filter');
  }
  const reason = requireReason(req.reason);
  const ratePerSecond = req.ratePerSecond ?? REPLAY_DEFAULTS.ratePerSecond;
  if (!(ratePerSecond > 0)) throw new InvalidDeadLetterInputError('ratePerSecond must be above 0');
  const maxFailures = req.maxFailures ?? REPLAY_DEFAULTS.maxFailures;
  if (!Number.isInteger(maxFailures) || maxFailures < 0) {
    throw new InvalidDeadLetterInputError('maxFailures must be a whole number, 0 or more');
  }
  return {
    operatorId: req.operator.operatorId,
    reason,
    force: req.force ?? false,
    ratePerSecond,
    maxFailures,
    settleMs: req.settleMs ?? REPLAY_DEFAULTS.settleMs,
    onProgress: req.onProgress,
  };
}

/** Every decision on a dead letter is explained; the reason is what the audit trail shows. */
export function requireReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text.length === 0) throw new InvalidDeadLetterInputError('a reason is required');
  return text;
}
