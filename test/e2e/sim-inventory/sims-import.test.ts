import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { newIccid } from '../../support/activation-requests';
import { killStrayChildren, outputTail, startTsProcess } from '../../support/child-process';
import { newImsi } from '../../support/sim-inventory';
import { infra, uniqueName } from '../../support/test-infra';

async function runImport(args: string[]) {
  const run = startTsProcess('apps/sims/src/cli.ts', {}, ['import', ...args]);
  const { code } = await run.exited;
  return { code, output: run.output(), tail: () => outputTail(run) };
}

describe('sims import, as a child process on the real PostgreSQL', () => {
  let dir: string;
  let db: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sims-import-'));
    db = await createDataSource(infra.databaseUrl).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await killStrayChildren();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (iccids: string[]) =>
    db.query<Record<string, unknown>[]>(
      `SELECT iccid, imsi, batch_id, state, shipped_to_dealer, shipped_to_order, state_changed_at
       FROM sims WHERE iccid = ANY($1) ORDER BY iccid`,
      [iccids],
    );

  it('writes good lines, reports bad ones by line number, and a second import changes nothing', async () => {
    const batch = uniqueName('batch');
    const [dealerSim, orderSim, stockSim, clash] = [newIccid(), newIccid(), newIccid(), newIccid()];
    const imsi = newImsi();
    const file = join(dir, `${batch}.csv`);
    writeFileSync(
      file,
      [
        'iccid,imsi,batch_id,dealer_id,order_id',
        `${dealerSim},${newImsi()},${batch},dealer-a,`,
        `${orderSim},${newImsi()},${batch},,web-1001`,
        `${stockSim},${newImsi()},${batch},,`,
        `${dealerSim.slice(0, -1)}0,${newImsi()},${batch},dealer-a,`,
        `${clash},${imsi},${batch},dealer-a,web-1002`,
        `${clash},12345,${batch}`,
        `${orderSim},${newImsi()},${batch},,web-1001`,
        '',
      ].join('\n'),
    );

    const first = await runImport([file]);
    expect(first.code).toBe(1);
    expect(first.output).toContain(
      `${file}: 7 lines read, 3 added, 0 shipped, 0 unchanged, 1 conflicting, 3 bad`,
    );
    expect(first.output).toContain('line 5: iccid: 19 or 20 digits');
    expect(first.output).toContain('line 6: dealer_id, order_id: at most one destination');
    expect(first.output).toContain('line 7: 3 fields, the header has 5');
    expect(first.output).toContain('line 8: the inventory holds this ICCID with another IMSI');
    expect(first.output).not.toContain(imsi);
    const written = await rows([dealerSim, orderSim, stockSim, clash]);
    expect(written.map((r) => [r.state, r.shipped_to_dealer, r.shipped_to_order])).toEqual(
      expect.arrayContaining([
        ['shipped', 'dealer-a', null],
        ['shipped', null, 'web-1001'],
        ['inStock', null, null],
      ]),
    );
    expect(written).toHaveLength(3);

    const second = await runImport([file]);
    expect(second.code).toBe(1);
    expect(second.output).toContain(
      `${file}: 7 lines read, 0 added, 0 shipped, 3 unchanged, 1 conflicting, 3 bad`,
    );
    expect(await rows([dealerSim, orderSim, stockSim, clash])).toEqual(written);
  }, 120_000);

  it('ships a SIM in stock when a later file gives it a destination', async () => {
    const batch = uniqueName('batch');
    const iccid = newIccid();
    const imsi = newImsi();
    const stocked = join(dir, `${batch}-stock.csv`);
    const shipped = join(dir, `${batch}-shipped.csv`);
    writeFileSync(stocked, `iccid,imsi,batch_id,dealer_id,order_id\n${iccid},${imsi},${batch},,\n`);
    writeFileSync(
      shipped,
      `order_id,dealer_id,batch_id,imsi,iccid\n,dealer-b,${batch},${imsi},${iccid}\n`,
    );

    const run = await runImport([stocked, shipped]);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`${stocked}: 1 lines read, 1 added`);
    expect(run.output).toContain(`${shipped}: 1 lines read, 0 added, 1 shipped`);
    expect(await rows([iccid])).toMatchObject([
      { state: 'shipped', shipped_to_dealer: 'dealer-b' },
    ]);
  }, 120_000);

  it('refuses a file without the format header before writing anything (exit 2)', async () => {
    const iccid = newIccid();
    const file = join(dir, `${uniqueName('bad')}.csv`);
    writeFileSync(file, `iccid,imsi,batch\n${iccid},${newImsi()},b1\n`);
    const run = await runImport([file]);
    expect(run.code).toBe(2);
    expect(run.output).toContain('header: unknown column "batch"');
    expect(await rows([iccid])).toEqual([]);
  }, 120_000);
});
