import { EventTypes } from '@handoff/contracts';
import { DeadLetterOps } from '@handoff/dead-letters';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { opsDiscardGuard } from '../../../apps/ops/src/ops-integrations';
import { chargedBssActivation, newIccid } from '../../support/activation-requests';
import { openDeadLetterOf, sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

interface Row {
  state: string;
  step: string;
  reason_code: string | null;
  reason_message: string | null;
  owner_team: string | null;
  payment_intent_id: string | null;
  amount_minor: string | null;
  payment_status: string | null;
}

/**
 * The MNO creates the order and then garbles its answer (as the simulator's malformed fault does),
 * so the saga cannot know whether a line is coming: it keeps the hold, says so on the row and in
 * the dead letter, a discard is refused while the hold is there, and the replay settles it
 * (decision 45).
 */
describe('an MNO answer that is garbled: the hold is kept with an owner, and the replay settles it', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  let deadLetters: DeadLetterOps;

  beforeAll(() => {
    deadLetters = new DeadLetterOps({
      backbone: suite.stack.bss,
      dataSource: suite.stack.db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId: suite.stack.groupId, retryDelaysMs: RETRY_DELAYS_MS }],
      refuseDiscard: opsDiscardGuard([suite.stack.groupId]),
    });
  });

  const row = async (activationId: string) =>
    (
      await suite.stack.db.query<Row[]>('SELECT * FROM activations WHERE activation_id = $1', [
        activationId,
      ])
    )[0];
  const effectsOf = async (intentId: string) =>
    (await suite.stack.money.paymentEffects(intentId)).map((e) => `${e.kind}:${e.amount}`);

  it('dead-letters to Network Ops with the hold named, refuses a discard, and captures once on replay', async () => {
    await suite.stack.mno.setFaults({
      endpoint: 'createOrder',
      malformedRate: 1,
      malformedKind: 'invalidJson',
    });
    const request = chargedBssActivation(newIccid());
    const { activationId } = request.data;
    await suite.stack.bss.publishNow([request]);

    const letter = await openDeadLetterOf(deadLetters, suite.stack.groupId, request.id);
    expect(letter.error).toMatchObject({ errorClass: 'permanent', code: 'MNO.MALFORMED_RESPONSE' });
    expect(letter.owner).toEqual({ team: 'network-ops', integrationPoint: 'handoff-to-mno' });
    const held = await row(activationId);
    const total = Number(held.amount_minor);
    const usd = `USD ${(total / 100).toFixed(2)}`;
    expect(letter.error.message).toContain(
      `the payment hold ${held.payment_intent_id} of ${usd} and the tax document ACT-${activationId} are kept`,
    );
    expect(held).toMatchObject({
      state: 'inProgress',
      step: 'provisioning',
      reason_code: 'MNO.MALFORMED_RESPONSE',
      owner_team: 'network-ops',
      payment_status: 'authorized',
    });
    expect(held.reason_message).toContain('kept until the dead letter is replayed');
    // The MNO did create the order behind its garbled answer: the money stays held for it.
    expect(await suite.stack.mno.ordersFor(activationId)).toHaveLength(1);
    expect(await effectsOf(held.payment_intent_id!)).toEqual([`authorization:${total}`]);

    const [discard] = await deadLetters.discard({
      refs: [letter.ref],
      reason: 'looks stuck',
      operator: { operatorId: 'test-network-oncall' },
    });
    expect(discard).toMatchObject({ outcome: 'refused' });
    expect(discard.message).toBe(
      `activation ${activationId} still holds payment ${held.payment_intent_id} (${usd}) and ` +
        `tax document ACT-${activationId}, which a discard would leave behind. Replay this dead ` +
        'letter once the cause is fixed: the saga then captures, or voids both if the activation fails',
    );
    expect((await deadLetters.list({ group: suite.stack.groupId, status: 'open' })).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ eventId: request.id })]),
    );

    await suite.stack.mno.clearFaults();
    const report = await deadLetters.replay({
      refs: [letter.ref],
      reason: 'MNO fixed its answers',
      operator: { operatorId: 'test-network-oncall' },
      settleMs: 500,
    });
    expect(report.counts.replayed).toBe(1);
    await waitFor('SubscriberActivated', () =>
      suite.lifecycle
        .eventsOfType(EventTypes.SubscriberActivated)
        .find((e) => (e.data as { activationId: string }).activationId === activationId),
    );
    expect(await row(activationId)).toMatchObject({
      state: 'completed',
      reason_code: null,
      payment_status: 'captured',
    });
    expect(await effectsOf(held.payment_intent_id!)).toEqual([
      `authorization:${total}`,
      `capture:${total}`,
    ]);
    expect(await suite.stack.mno.ordersFor(activationId)).toHaveLength(1);
    expect(await suite.stack.mno.provisioned(request.data.iccid)).toHaveLength(1);
  });
});
