import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes } from '@handoff/contracts';
import { luhnCheckDigit } from '@handoff/card-data';
import {
  CARD_DATA_REFUSED,
  DeadLetterHeaders,
  Topics,
  type Backbone,
  type IncomingRecord,
} from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { startVendorSimulators } from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { testBackbone, TopicTap } from '../../support/backbone-harness';
import {
  holdsCardNumber,
  newCardNumber,
  spacedInFours,
  tablesHolding,
} from '../../support/card-numbers';
import { killStrayChildren, type RunningChild } from '../../support/child-process';
import { kcatActivationRequested, requireKcat } from '../../support/kcat';
import { startReadyWorker, workerGroupEnv } from '../../support/orchestrator-workers';
import { forceReplayOf } from '../../support/saga-stack';
import { infra, waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400];
/** A span id of digits only that passes Luhn: a card number's shape, in a header with its own format. */
const DIGIT_SPAN_ID = ((body: string) => body + luhnCheckDigit(body))('523456789012345');

describe('a card number in the key or a header of a record an outside producer (kcat) publishes', () => {
  let simulators: Awaited<ReturnType<typeof startVendorSimulators>>;
  let worker: RunningChild;
  let groupId: string;
  let db: DataSource;
  let bss: Backbone;
  let taps: TopicTap[];
  let scratch: string;

  beforeAll(async () => {
    await requireKcat();
    scratch = mkdtempSync(join(tmpdir(), 'handoff-card-'));
    simulators = await startVendorSimulators({
      port: 0,
      completionDelayMs: 150,
      logLevel: 'silent',
    });
    const env = await workerGroupEnv('card-meta', RETRY_DELAYS_MS, simulators);
    groupId = env.WORKER_GROUP as string;
    // The most verbose log the service writes: the test scans all of it for the numbers.
    worker = await startReadyWorker({ ...env, WORKER_LOG_LEVEL: 'trace' });
    db = await createDataSource(infra.databaseUrl).initialize();
    bss = testBackbone(db);
    taps = await Promise.all(
      [Topics.SubscriberLifecycle, Topics.OpsAudit, `${groupId}.dlt`].map((topic) =>
        TopicTap.open(topic, { fromNow: true }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all((taps ?? []).map((tap) => tap.close()));
    if (worker) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await killStrayChildren();
    await bss?.close();
    await db?.destroy();
    await simulators?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  function deadLetterOf(eventId: string): Promise<IncomingRecord> {
    return waitFor(`the dead letter of ${eventId}`, () => taps[2].eventsWithId(eventId)[0]?.record);
  }

  it('is dead-lettered redacted as CARD_DATA_REFUSED, in no table, topic or log, while trace headers pass', async () => {
    const [inHeader, inKey] = [newCardNumber(), newCardNumber()];
    const noted = bssActivation(newIccid()).data;
    const notedId = await kcatActivationRequested(scratch, noted, {
      extraHeaders: { 'x-dealer-note': `paid by ${spacedInFours(inHeader)}` },
    });
    const keyed = bssActivation(newIccid()).data;
    const keyedId = await kcatActivationRequested(scratch, keyed, { key: inKey });
    // The first subscriber's next request, behind the refused one on its key, with a trace header
    // whose digits read as a card number: it is activated, so the header is not mistaken for one.
    const next = bssActivation(newIccid(), { subscriberId: noted.subscriberId }).data;
    const traceparent = `00-4bf92f3577b34da6a3ce929d0e0e4736-${DIGIT_SPAN_ID}-01`;
    const nextId = await kcatActivationRequested(scratch, next, { extraHeaders: { traceparent } });
    const [lifecycle, audit, deadLetters] = taps;

    await waitFor(
      'the next request activated',
      () =>
        lifecycle.records.some(
          (r) =>
            r.headers.ce_type === EventTypes.SubscriberActivated &&
            r.headers.ce_correlationid === nextId,
        ),
      30_000,
    );
    const notedLetter = await deadLetterOf(notedId);
    const keyedLetter = await deadLetterOf(keyedId);
    for (const [letter, place] of [
      [notedLetter, 'header x-dealer-note'],
      [keyedLetter, 'key'],
    ] as const) {
      const h = letter.headers;
      expect(h[DeadLetterHeaders.errorCode]).toBe(CARD_DATA_REFUSED);
      expect(h[DeadLetterHeaders.stage]).toBe('validate');
      expect(h[DeadLetterHeaders.exceptionMessage]).toContain(`holds a card number in ${place}`);
    }
    expect(notedLetter.headers['x-dealer-note']).toBe('paid by [card number redacted]');
    expect(notedLetter.key).toBe(noted.subjectId);
    expect(keyedLetter.key).toBe('[card number redacted]');

    // Nothing Handoff wrote holds either number: not a topic, not a table, not its log.
    const bssOriginals = new Set([notedId, keyedId]);
    const written = [
      ...lifecycle.records.filter((r) => !bssOriginals.has(r.headers.ce_id)),
      ...audit.records,
      ...deadLetters.records,
    ];
    expect(written.length).toBeGreaterThan(2);
    expect(worker.output()).toContain('holds a card number in header x-dealer-note');
    for (const pan of [inHeader, inKey]) {
      expect(written.filter((r) => holdsAnywhere(r, pan))).toEqual([]);
      expect(await tablesHolding(db, pan)).toEqual([]);
      expect(holdsCardNumber(worker.output(), pan)).toBe(false);
    }

    // Its key was redacted: on-call cannot replay it, not even with force.
    const replay = await forceReplayOf({ bss, db, groupId }, RETRY_DELAYS_MS, keyedId);
    expect(replay.map((r) => r.outcome)).toEqual(['refused']);
  });
});

function holdsAnywhere(record: IncomingRecord, pan: string): boolean {
  return (
    holdsCardNumber(record.value, pan) ||
    holdsCardNumber(record.key, pan) ||
    Object.values(record.headers).some((value) => holdsCardNumber(value, pan))
  );
}
