import { parseDuration } from '@handoff/config';
import type { DeadLetter, DeadLetterFilter, DeadLetterState } from '../dead-letter';
import { InvalidDeadLetterInputError } from '../dead-letter-errors';

const STATES: readonly DeadLetterState[] = ['open', 'replayed', 'discarded'];

/** Filter fields as text (query string, CLI options); ages are durations such as 30m, 2h, 1d. */
export interface DeadLetterFilterText {
  topic?: string;
  group?: string;
  errorClass?: string;
  code?: string;
  ownerTeam?: string;
  olderThan?: string;
  newerThan?: string;
  status?: string;
}

export function parseFilter(text: DeadLetterFilterText): DeadLetterFilter {
  return {
    topic: text.topic || undefined,
    group: text.group || undefined,
    errorClass: text.errorClass || undefined,
    code: text.code || undefined,
    ownerTeam: text.ownerTeam || undefined,
    olderThanMs: age('olderThan', text.olderThan),
    newerThanMs: age('newerThan', text.newerThan),
    status: state(text.status),
  };
}

export function matchesFilter(d: DeadLetter, f: DeadLetterFilter, now = Date.now()): boolean {
  const deadLetteredAt = Date.parse(d.deadLetteredAt);
  return (
    (!f.topic || d.original.topic === f.topic) &&
    (!f.group || d.consumerGroup === f.group) &&
    (!f.errorClass || d.error.errorClass === f.errorClass) &&
    (!f.code || d.error.code === f.code) &&
    (!f.ownerTeam || d.owner.team === f.ownerTeam) &&
    (f.olderThanMs === undefined || deadLetteredAt <= now - f.olderThanMs) &&
    (f.newerThanMs === undefined || deadLetteredAt >= now - f.newerThanMs) &&
    (!f.status || d.status.state === f.status)
  );
}

function age(name: string, text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new InvalidDeadLetterInputError(
      `${name}: "${text}" is not a duration such as 30m, 2h, 1d`,
    );
  }
  return ms;
}

function state(text: string | undefined): DeadLetterState | undefined {
  if (!text) return undefined;
  const found = STATES.find((s) => s === text);
  if (!found) {
    throw new InvalidDeadLetterInputError(`status: "${text}" is not one of ${STATES.join(', ')}`);
  }
  return found;
}
