import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@handoff/messaging';
import { schemas } from './backbone-harness';

const FIXTURES = resolve(__dirname, '../../contracts/fixtures/valid');

/** A valid payload of the latest version of `type`, from the committed contract fixtures. */
export function samplePayload(type: string): Record<string, unknown> {
  const { version } = schemas.latest(type);
  return JSON.parse(readFileSync(resolve(FIXTURES, `${type}.v${version}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

export const ACTIVATION_REQUESTED = 'handoff.activation.ActivationRequested';

/** An ActivationRequested about `subject`, sent to `topic`. */
export function activationRequested(
  topic: string,
  subject: string,
  id: string = randomUUID(),
): NewEvent {
  return {
    id,
    type: ACTIVATION_REQUESTED,
    subject,
    topic,
    data: { ...samplePayload(ACTIVATION_REQUESTED), subjectId: subject },
  };
}
