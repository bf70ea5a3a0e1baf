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
  if (!iccid) return;
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
}
