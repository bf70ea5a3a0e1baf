import type { DeadLetter, DeadLetterListing, DeadLetterOps } from '@handoff/dead-letters';
import { cachedFor } from '../cached-for';

/** The map, /v1/kpis and the review refreshing at once read Kafka's dead-letter topics once per this long. */
const OPEN_DEAD_LETTERS_CACHE_MS = 3_000;

/** The ops API's one reader, shared by the map, /v1/kpis and /v1/review. */
export const OPEN_DEAD_LETTERS = Symbol('OPEN_DEAD_LETTERS');

/** The dead letters open now, and whether the read saw all of them. */
export type OpenDeadLetterReader = () => Promise<DeadLetterListing<DeadLetter>>;

/**
 * Reads the open dead letters from their topics, at most once per few seconds. Whoever reads them
 * stands without them: a broker that does not answer gives none, marked incomplete (and the next
 * read tries again).
 */
export function openDeadLetterReader(
  ops: Pick<DeadLetterOps, 'list'>,
  cacheMs = OPEN_DEAD_LETTERS_CACHE_MS,
): OpenDeadLetterReader {
  const read = cachedFor(cacheMs, () => ops.list({ status: 'open' }));
  return () => read().catch(() => ({ items: [], complete: false }));
}

export interface OpenTally {
  open: number;
  oldestAgeMs: number;
}

/** Open dead letters counted per key (owning team, integration point), with the oldest's age. */
export function tallyOpen(
  open: DeadLetter[],
  now: Date,
  keyOf: (deadLetter: DeadLetter) => string,
): Map<string, OpenTally> {
  const tally = new Map<string, OpenTally>();
  for (const d of open) {
    const age = now.getTime() - Date.parse(d.deadLetteredAt);
    const seen = tally.get(keyOf(d)) ?? { open: 0, oldestAgeMs: 0 };
    tally.set(keyOf(d), {
      open: seen.open + 1,
      oldestAgeMs: Math.max(seen.oldestAgeMs, Number.isFinite(age) ? age : 0),
    });
  }
  return tally;
}
