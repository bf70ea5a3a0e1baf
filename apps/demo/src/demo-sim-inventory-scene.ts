import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadInfraConfig } from '@handoff/config';
import { EventTypes, type SimImsiMismatchDetected } from '@handoff/contracts';
import { bssActivations, trackDealer } from './demo-actions';
import { call, type DemoContext, type SimBatchOutcome } from './demo-context';
import { listenAsFulfilment, type FulfilmentInbox } from './demo-fulfilment-inbox';
import { bssActivation, iccidOf, newIccid, stockSerials } from './demo-traffic';
import { waitUntil } from './demo-watch';

/*
 * Scene 0, before any activation: the fulfilment partner's SIM batch, imported by `sims import`
 * and given to the MNO simulator, so every SIM the demo activates (or swaps to) is one the
 * inventory holds; the orchestrator runs with SIM_INVENTORY_CHECKS=on. Then a dealer tries a SIM
 * shipped to the other dealer, and one SIM is provisioned under another IMSI than its batch says.
 */

const ROOT = resolve(__dirname, '../../..');
const SIMS_CLI = 'apps/sims/src/cli.ts';
/** Serials per pool: far more than a run draws (about 150), so scenes added later fit too. */
const SERIALS_PER_POOL = 1_000;
/** The MNO simulator's admin API takes JSON bodies of up to 100 kB. */
const SIMS_PER_MNO_LOAD = 1_000;

interface BatchSim {
  iccid: string;
  imsi: string;
  dealerId: string | null;
  orderId: string | null;
}

/** The IMSI personalised on a pool's SIM: the test network (MCC 001, MNC 01), pool, serial. */
const imsiOf = (pool: number, n: number): string =>
  `00101${pool}${String(n % 1e9).padStart(9, '0')}`;
const last4 = (digits: string) => `…${digits.slice(-4)}`;
/** The serial of a batch ICCID (`iccidOf`): the 11 digits after the pool's prefix. */
const serialOf = (iccid: string) => Number(iccid.slice(7, 18));

/** The IMSI the batch (and so the MNO) gives an ICCID of the BSS's pool. */
export const batchImsiOf = (iccid: string): string => imsiOf(0, serialOf(iccid));

/** The highest serial an earlier demo run stocked on this stack (0: none). */
async function highestStocked(ctx: DemoContext): Promise<number> {
  const [row] = await ctx.db.query<{ n: string | null }[]>(
    `SELECT max(substring(iccid from 8 for 11)::bigint) AS n FROM sims WHERE batch_id LIKE 'demo-%'`,
  );
  return Number(row?.n ?? 0);
}

/** Pool 0 shipped to direct-to-customer orders (the BSS's), pool n to the n-th dealer. */
function batchSims(ctx: DemoContext, first: number, last: number): BatchSim[] {
  const sims: BatchSim[] = [];
  for (let n = first; n <= last; n += 1) {
    sims.push({ iccid: iccidOf(0, n), imsi: imsiOf(0, n), dealerId: null, orderId: `web-${n}` });
    for (const dealer of ctx.dealers) {
      const pool = dealer.simPool;
      sims.push({
        iccid: iccidOf(pool, n),
        imsi: imsiOf(pool, n),
        dealerId: dealer.dealerId,
        orderId: null,
      });
    }
  }
  return sims;
}

/** The partner's file, in the format of docs/sim-inventory.md, in the run's directory. */
function writeBatchFile(batchId: string, sims: readonly BatchSim[]): string {
  const dir = join(loadInfraConfig().cacheDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${batchId}.csv`);
  const lines = sims.map((s) =>
    [s.iccid, s.imsi, batchId, s.dealerId ?? '', s.orderId ?? ''].join(','),
  );
  writeFileSync(file, ['iccid,imsi,batch_id,dealer_id,order_id', ...lines, ''].join('\n'));
  return file;
}

/** `npm run sims -- import FILE` (a path from the repository's root), as a person runs it. */
function simsImport(file: string): Promise<{ lines: number; added: number; report: string }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', SIMS_CLI, 'import', file],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const counts = /(\d+) lines read, (\d+) added/.exec(stdout);
        if (error || !counts)
          return fail(new Error(`sims import failed: ${stderr.trim() || stdout.trim()}`));
        done({ lines: Number(counts[1]), added: Number(counts[2]), report: stdout.trim() });
      },
    );
  });
}

/** The MNO holds the same batch data (the SIM vendor's output file), in parts its API takes. */
async function loadMno(ctx: DemoContext, sims: readonly BatchSim[]): Promise<void> {
  for (let from = 0; from < sims.length; from += SIMS_PER_MNO_LOAD) {
    const part = sims.slice(from, from + SIMS_PER_MNO_LOAD).map((s) => ({
      iccid: s.iccid,
      imsi: s.imsi,
    }));
    await call(`${ctx.mnoUrl}/admin/sims`, { method: 'PUT', body: JSON.stringify({ sims: part }) });
  }
}

/** Makes the batch, imports it, and has the MNO load it. */
async function stock(ctx: DemoContext): Promise<Omit<SimBatchOutcome, 'misShipped' | 'mismatch'>> {
  const batchId = `demo-${ctx.startedAt.getTime()}`;
  const { first, last } = stockSerials(SERIALS_PER_POOL, await highestStocked(ctx));
  const sims = batchSims(ctx, first, last);
  const file = relative(ROOT, writeBatchFile(batchId, sims));
  const imported = await simsImport(file);
  if (imported.added !== sims.length)
    throw new Error(
      `sims import added ${imported.added} of ${sims.length} SIMs:\n${imported.report}`,
    );
  ctx.say(`   $ npm run sims -- import ${file}`);
  ctx.say(`   ${imported.report}`);
  await loadMno(ctx, sims);
  ctx.say(
    `   ${sims.length} SIMs (${SERIALS_PER_POOL} shipped to direct-to-customer orders for the BSS, ${SERIALS_PER_POOL} to each dealer), the same batch data loaded at the MNO`,
  );
  return { batchId, file, imported: { lines: imported.lines, added: imported.added } };
}

/** The first dealer activates a SIM the partner shipped to the second: fulfilment's rejection. */
async function misShippedSim(ctx: DemoContext): Promise<SimBatchOutcome['misShipped']> {
  const [north, south] = ctx.dealers;
  const body = north.body(south.newIccid());
  const tracked = trackDealer(ctx, await north.activate(body), body, 'rejected');
  const row = await waitUntil(
    async () => {
      const [r] = await ctx.db.query<{ state: string; reason_code: string; owner_team: string }[]>(
        'SELECT state, reason_code, owner_team FROM activations WHERE activation_id = $1',
        [tracked.activationId],
      );
      return r && ['completed', 'rejected', 'failed'].includes(r.state) ? r : undefined;
    },
    () => `the dealer's activation of another dealer's SIM never settled`,
  );
  if (row.state !== 'rejected' || row.reason_code !== 'SIM.NOT_SHIPPED_TO_DEALER')
    throw new Error(`a SIM shipped to another dealer was ${row.state} (${row.reason_code})`);
  if (row.owner_team !== 'fulfilment')
    throw new Error(`the rejection of a SIM shipped elsewhere is owned by ${row.owner_team}`);
  ctx.say(
    `   ${north.dealerId} activates a SIM shipped to ${south.dealerId}: ActivationRejected ${row.reason_code}, owned by ${row.owner_team}, nothing ordered at the MNO`,
  );
  return { reasonCode: row.reason_code, ownerTeam: row.owner_team };
}

/** The MNO provisions one SIM under another IMSI: the line is served, fulfilment told both. */
async function imsiMismatch(
  ctx: DemoContext,
  fulfilment: FulfilmentInbox,
): Promise<SimBatchOutcome['mismatch']> {
  const iccid = newIccid();
  // The IMSI of another SIM, in a pool the batch never issues: no other line can have it.
  const reported = imsiOf(9, serialOf(iccid) + 1);
  await call(`${ctx.mnoUrl}/admin/sims/${iccid}/reported-imsi`, {
    method: 'PUT',
    body: JSON.stringify({ imsi: reported }),
  });
  await bssActivations(ctx, [bssActivation(iccid)]);
  const told = await waitUntil(
    () =>
      fulfilment
        .told<SimImsiMismatchDetected>(EventTypes.SimImsiMismatchDetected)
        .find((e) => e.data.iccid === iccid),
    () => 'fulfilment was never told of the IMSI the MNO reported',
  );
  if (told.data.mnoImsi !== reported || told.data.inventoryImsi === reported)
    throw new Error('SimImsiMismatchDetected does not carry both IMSIs');
  ctx.say(
    `   the MNO provisions SIM ${last4(iccid)} under IMSI ${last4(reported)}, the batch says ${last4(told.data.inventoryImsi)}: the line is active and flagged; SimImsiMismatchDetected with both IMSIs to ${told.ownerTeam} (${told.integrationPoint})`,
  );
  return { inventoryImsi: told.data.inventoryImsi, mnoImsi: told.data.mnoImsi };
}

export async function simInventoryScene(ctx: DemoContext): Promise<void> {
  ctx.say(
    "0. The fulfilment partner's SIMs: a batch imported into the inventory, which every activation and SIM swap is checked against",
  );
  const fulfilment = await listenAsFulfilment(ctx.bss, ctx.startedAt);
  try {
    const batch = await stock(ctx);
    const misShipped = await misShippedSim(ctx);
    const mismatch = await imsiMismatch(ctx, fulfilment);
    ctx.simInventory = { ...batch, misShipped, mismatch };
  } finally {
    await fulfilment.stop();
  }
}

/**
 * The summary's line, and what breaks the demo: an activation of a SIM not in the run's batch,
 * or another number of IMSI mismatches than the one staged (the MNO holds the same batch data).
 */
export async function simInventorySummary(ctx: DemoContext): Promise<string[]> {
  const batch = ctx.simInventory;
  if (!batch) return [];
  const iccids = [...new Set(ctx.tracked.map((t) => t.iccid))];
  const [row] = await ctx.db.query<{ in_batch: number; mismatched: number }[]>(
    `SELECT count(*) FILTER (WHERE iccid = ANY($2))::int AS in_batch,
            count(*) FILTER (WHERE mno_imsi IS NOT NULL)::int AS mismatched
       FROM sims WHERE batch_id = $1`,
    [batch.batchId, iccids],
  );
  const outside = iccids.length - (row?.in_batch ?? 0);
  const mismatched = row?.mismatched ?? 0;
  ctx.say(
    `  SIM inventory ..................... ${batch.imported.added} SIMs imported (${batch.batchId}); ${row?.in_batch ?? 0} of ${iccids.length} SIMs asked for are from it; another dealer's SIM ${batch.misShipped.reasonCode} (owner ${batch.misShipped.ownerTeam}); IMSI mismatches flagged: ${mismatched}`,
  );
  return [
    ...(outside > 0 ? [`${outside} activation(s) of a SIM not in the demo's batch`] : []),
    ...(mismatched !== 1 ? [`${mismatched} IMSI mismatch(es) in the batch, not the 1 staged`] : []),
  ];
}
