import type { EventCodec } from '@handoff/messaging';
import { refusalOf } from '../actions/record-decision';
import type { DeadLetterEntry } from '../browse/dead-letter-browser';
import { validationErrorOf } from './dry-run';
import type { ReplayResult } from './replay-report';

/** A result for this dead letter, to be completed with its outcome. */
export function resultFor(entry: DeadLetterEntry, target: string): ReplayResult {
  const d = entry.deadLetter;
  return {
    id: d.id,
    consumerGroup: d.consumerGroup,
    eventId: d.eventId,
    eventType: d.eventType,
    outcome: 'skipped',
    message: '',
    targetTopic: target,
    replayId: null,
    failedAgain: false,
    dryRun: null,
  };
}

export function skipped(entry: DeadLetterEntry, target: string, message: string): ReplayResult {
  return { ...resultFor(entry, target), outcome: 'skipped', message };
}

/** Why this dead letter is not replayed without force: already acted on, or it would fail again at once. */
export function replayRefusal(
  entry: DeadLetterEntry,
  codec: EventCodec,
  force: boolean,
): string | undefined {
  if (force) return undefined;
  const invalid = validationErrorOf(entry.record, codec);
  if (invalid) return `would fail again at once (${invalid}); force to send it anyway`;
  return refusalOf(entry.deadLetter.status);
}
