import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivationRequested } from '@handoff/contracts';
import { EventTypes } from '@handoff/contracts';
import { CARD_DATA_REFUSED, DeadLetterHeaders, Topics } from '@handoff/messaging';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import {
  holdsCardNumber,
  newCardNumber,
  spacedInFours,
  tablesHolding,
} from '../../support/card-numbers';
import { kcatActivationRequested, requireKcat } from '../../support/kcat';
import { forceReplayOf, startSagaStack, type SagaStack } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400];

describe('a card number in an event an outside producer (kcat) publishes', () => {
  let stack: SagaStack;
  let taps: TopicTap[];
  let scratch: string;

  beforeAll(async () => {
    await requireKcat();
    scratch = mkdtempSync(join(tmpdir(), 'handoff-card-'));
    stack = await startSagaStack(RETRY_DELAYS_MS, 1_000);
    taps = await Promise.all(
      [Topics.SubscriberLifecycle, Topics.OpsAudit, `${stack.groupId}.dlt`].map((topic) =>
        TopicTap.open(topic, { fromNow: true }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all((taps ?? []).map((tap) => tap.close()));
    await stack?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const publishWithKcat = (data: ActivationRequested) => kcatActivationRequested(scratch, data);

  it('is dead-lettered redacted as CARD_DATA_REFUSED, stored nowhere, while a valid ICCID passes', async () => {
    const pan = newCardNumber();
    const refused = bssActivation(newIccid()).data;
    refused.dealerReference = `paid by ${spacedInFours(pan)}`;
    // The same subscriber's next request, behind it on its key: once it is done, so is the first.
    const next = bssActivation(newIccid(), { subscriberId: refused.subscriberId }).data;
    const refusedId = await publishWithKcat(refused);
    const nextId = await publishWithKcat(next);
    const [lifecycle, , deadLetters] = taps;

    await waitFor(
      'the next request activated',
      () =>
        lifecycle.records.some(
          (r) =>
            r.key === next.subjectId &&
            r.headers.ce_type === EventTypes.SubscriberActivated &&
            r.headers.ce_correlationid === nextId,
        ),
      30_000,
    );
    const [deadLetter] = await waitFor('the dead letter', () => {
      const found = deadLetters.eventsWithId(refusedId);
      return found.length > 0 ? found : undefined;
    });
    const h = deadLetter.record.headers;
    expect(h[DeadLetterHeaders.errorCode]).toBe(CARD_DATA_REFUSED);
    expect(h[DeadLetterHeaders.errorClass]).toBe('permanent');
    expect(h[DeadLetterHeaders.stage]).toBe('validate');
    expect(h[DeadLetterHeaders.exceptionMessage]).toContain('dealerReference');
    expect(h[DeadLetterHeaders.integrationPoint]).toBe('bss-to-handoff');
    // The value is a redacted copy, still an ActivationRequested that `ops dead-letters show` decodes.
    expect(deadLetter.envelope.data).toMatchObject({
      activationId: refused.activationId,
      iccid: refused.iccid,
      dealerReference: 'paid by [card number redacted]',
    });

    const ours = (tap: TopicTap) => tap.records.filter((r) => r.headers.ce_id !== refusedId);
    const written = [...ours(lifecycle), ...taps[1].records, ...deadLetters.records];
    expect(written.filter((r) => holdsCardNumber(r.value, pan))).toEqual([]);
    expect(
      written.filter((r) => Object.values(r.headers).some((v) => holdsCardNumber(v, pan))),
    ).toEqual([]);
    expect(await tablesHolding(stack.db, pan)).toEqual([]);
    const [activation] = await stack.db.query<{ state: string }[]>(
      'SELECT state FROM activations WHERE activation_id = $1',
      [refused.activationId],
    );
    expect(activation).toBeUndefined();

    // Its payload was redacted: on-call cannot replay it, not even with force.
    const replay = await forceReplayOf(stack, RETRY_DELAYS_MS, refusedId);
    expect(replay.map((r) => [r.outcome, r.message])).toEqual([
      ['refused', expect.stringContaining('never replayed') as unknown],
    ]);
  });
});
