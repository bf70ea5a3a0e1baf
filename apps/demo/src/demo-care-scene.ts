import { newApiKey, registerOperator } from '@handoff/access';
import type { DiagnosticView } from '@handoff/care';
import { call, type DemoContext } from './demo-context';

/** One activation of this run the open breaker holds, by its ICCID (what a caller reads off the SIM). */
async function heldIccid(ctx: DemoContext): Promise<string | undefined> {
  const [row] = await ctx.db.query<{ iccid: string }[]>(
    `SELECT iccid FROM activations WHERE activation_id = ANY($1) AND state = 'held'
      ORDER BY requested_at LIMIT 1`,
    [ctx.tracked.map((t) => t.activationId)],
  );
  return row?.iccid;
}

/**
 * Scene 2, during the MNO outage: a care agent on the BPO's desk, with a care key, looks up a
 * customer whose activation is held and reads why in one sentence, without paging anyone; the same
 * key asking to re-drive it is refused (care reads, it never acts).
 */
export async function careLookupScene(ctx: DemoContext): Promise<void> {
  const iccid = await heldIccid(ctx);
  if (!iccid) throw new Error('care: no activation of this run is held during the MNO outage');
  const agent = { operatorId: `demo-care-${ctx.startedAt.getTime()}`, apiKey: newApiKey('ok') };
  await registerOperator(ctx.db, { ...agent, name: 'Demo care agent (BPO)', roles: ['care'] });
  const view = await call<DiagnosticView>(
    `${ctx.opsUrl}/v1/care/subscribers/${encodeURIComponent(iccid)}`,
    { key: agent.apiKey },
  );
  const redrive = await fetch(`${ctx.opsUrl}/v1/activations/redrive`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agent.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reasonCode: 'MNO.BREAKER_OPEN', reason: 'customer called' }),
  });
  ctx.say(
    `   care looks up a caller's SIM (ICCID ${view.subscriber.iccid}, care key, audited): "${view.status}"; the same key asking to re-drive it gets ${redrive.status}`,
  );
  if (!HELD_ON_MNO.test(view.status)) throw new Error(`care: unexpected status "${view.status}"`);
  if (JSON.stringify(view).includes(iccid)) throw new Error('care: the view shows the whole ICCID');
  if (redrive.status !== 403)
    throw new Error(`care: a re-drive with a care key got ${redrive.status}`);
}

/** What care must read for an activation the MNO's outage holds, once the outage is escalated. */
const HELD_ON_MNO =
  /^Activation held: MNO provisioning down since \d\d:\d\d UTC, owner Network Operations, escalated to .+$/;
