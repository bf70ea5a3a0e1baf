import { CARD_DATA_REFUSED, type EventCodec } from '@handoff/messaging';
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

/**
 * Why this dead letter is not replayed: a record refused for card data, never (what it holds was
 * redacted, so a replay would act on a request nobody sent); without force, also one already acted
 * on or one that would fail again at once.
 */
export function replayRefusal(
  entry: DeadLetterEntry,
  codec: EventCodec,
  force: boolean,
): string | undefined {
  if (entry.deadLetter.error.code === CARD_DATA_REFUSED) {
    return 'refused for card data: its payload was redacted, so it is never replayed (not even with force); the sender sends the request again without the card number, and this one is discarded';
  }
  if (force) return undefined;
  const invalid = validationErrorOf(entry.record, codec);
  if (invalid) return `would fail again at once (${invalid}); force to send it anyway`;
  return refusalOf(entry.deadLetter.status);
}
