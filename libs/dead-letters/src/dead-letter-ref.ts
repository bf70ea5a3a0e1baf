import type { DeadLetterRef } from './dead-letter';
import { InvalidDeadLetterInputError } from './dead-letter-errors';

/** `topic/partition/offset`: topic names never contain a slash, so the text splits unambiguously. */
export function formatRef(ref: DeadLetterRef): string {
  return `${ref.topic}/${ref.partition}/${ref.offset}`;
}

export function parseRef(text: string): DeadLetterRef {
  const match = /^([^/\s]+)\/(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) {
    throw new InvalidDeadLetterInputError(
      `"${text}" is not a dead-letter reference: expected <topic>/<partition>/<offset>`,
    );
  }
  return { topic: match[1], partition: Number(match[2]), offset: match[3] };
}

export function sameRef(a: DeadLetterRef, b: DeadLetterRef): boolean {
  return a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;
}
