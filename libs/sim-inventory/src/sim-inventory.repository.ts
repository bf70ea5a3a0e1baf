import type { EntityManager } from 'typeorm';
import {
  movableFrom,
  stateAfter,
  type DeliveredSim,
  type Sim,
  type SimMove,
  type SimState,
} from './sim';
import { compareDelivery, type Receipt } from './sim-receipt';

interface Row {
  iccid: string;
  imsi: string;
  batch_id: string;
  state: SimState;
  shipped_to_dealer: string | null;
  shipped_to_order: string | null;
  subscriber_id: string | null;
  mno_imsi: string | null;
}

/** A SIM provisioned under another IMSI than its batch data gives it. */
export interface ImsiMismatch {
  sim: Sim;
  mnoImsi: string;
}

/**
 * The `sims` table: the only writer. Every method runs in the caller's transaction, so a SIM's
 * move commits with the saga step or the consumed event that caused it.
 */
export class SimInventoryRepository {
  async find(db: EntityManager, iccid: string): Promise<Sim | undefined> {
    const rows = await db.query<Row[]>('SELECT * FROM sims WHERE iccid = $1', [iccid]);
    return rows[0] && toSim(rows[0]);
  }

  /**
   * Adds the partner's SIMs: a new ICCID is added (shipped when it has a destination, in stock
   * otherwise), a SIM in stock given a destination is shipped, the same facts again change
   * nothing, and different facts are refused (a conflict, reported, never overwritten).
   */
  async receive(
    db: EntityManager,
    sims: readonly DeliveredSim[],
    shippedAt: Date,
  ): Promise<Receipt[]> {
    const known = await this.lockMany(
      db,
      sims.map((s) => s.iccid),
    );
    const receipts = sims.map((sim) => {
      const receipt = compareDelivery(known.get(sim.iccid), sim);
      if (receipt.outcome === 'added') known.set(sim.iccid, receipt.sim);
      return receipt;
    });
    await this.insert(db, receipts, shippedAt);
    await this.ship(db, receipts, shippedAt);
    return receipts;
  }

  /**
   * Applies a move to one SIM if its state allows it; the state it is in afterwards, or undefined
   * when the inventory does not hold it. A SIM the move does not apply to keeps its state.
   */
  async move(db: EntityManager, iccid: string, move: SimMove): Promise<SimState | undefined> {
    // An UPDATE's answer through TypeORM is [rows, affected].
    const [rows] = await db.query<[Pick<Row, 'state'>[], number]>(
      `UPDATE sims SET state = CASE WHEN state = ANY($3) THEN $2 ELSE state END,
         state_changed_at = CASE WHEN state = ANY($3) THEN now() ELSE state_changed_at END
       WHERE iccid = $1 RETURNING state`,
      [iccid, stateAfter(move), movableFrom(move)],
    );
    return rows[0]?.state;
  }

  /**
   * The line is on the SIM at the MNO: it is active for this subscriber, and the IMSI the MNO
   * reported is kept when it differs from the batch's. The mismatch, found only on the move itself,
   * so a step run again reports nothing twice.
   */
  async activate(
    db: EntityManager,
    line: { iccid: string; subscriberId: string; mnoImsi: string | null },
  ): Promise<ImsiMismatch | undefined> {
    const [rows] = await db.query<[Row[], number]>(
      `UPDATE sims SET state = 'active', subscriber_id = $2, state_changed_at = now(),
         mno_imsi = CASE WHEN $3::text <> imsi THEN $3 END,
         imsi_mismatch_at = CASE WHEN $3::text <> imsi THEN now() END
       WHERE iccid = $1 AND state = ANY($4) RETURNING *`,
      [line.iccid, line.subscriberId, line.mnoImsi, movableFrom('activated')],
    );
    const row = rows[0];
    return row?.mno_imsi ? { sim: toSim(row), mnoImsi: row.mno_imsi } : undefined;
  }

  private async lockMany(db: EntityManager, iccids: string[]): Promise<Map<string, Sim>> {
    const rows = await db.query<Row[]>(
      'SELECT * FROM sims WHERE iccid = ANY($1) ORDER BY iccid FOR UPDATE',
      [iccids],
    );
    return new Map(rows.map((r) => [r.iccid, toSim(r)]));
  }

  private async insert(db: EntityManager, receipts: Receipt[], shippedAt: Date): Promise<void> {
    const added = receipts.flatMap((r) => (r.outcome === 'added' ? [r.sim] : []));
    if (added.length === 0) return;
    await db.query(
      `INSERT INTO sims (iccid, imsi, batch_id, state, shipped_to_dealer, shipped_to_order, shipped_at)
       SELECT s.iccid, s.imsi, s.batch_id, s.state, s.dealer, s.order_id,
              CASE WHEN s.state = 'shipped' THEN $7::timestamptz END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS s(iccid, imsi, batch_id, state, dealer, order_id)
       ON CONFLICT (iccid) DO NOTHING`,
      [
        added.map((s) => s.iccid),
        added.map((s) => s.imsi),
        added.map((s) => s.batchId),
        added.map((s) => s.state),
        added.map((s) => s.shippedToDealer),
        added.map((s) => s.shippedToOrder),
        shippedAt,
      ],
    );
  }

  private async ship(db: EntityManager, receipts: Receipt[], shippedAt: Date): Promise<void> {
    const shipped = receipts.flatMap((r) => (r.outcome === 'shipped' ? [r.sim] : []));
    if (shipped.length === 0) return;
    await db.query(
      `UPDATE sims SET state = 'shipped', shipped_to_dealer = s.dealer, shipped_to_order = s.order_id,
         shipped_at = $4, state_changed_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[]) AS s(iccid, dealer, order_id)
       WHERE sims.iccid = s.iccid AND sims.state = 'inStock'`,
      [
        shipped.map((s) => s.iccid),
        shipped.map((s) => s.shippedToDealer),
        shipped.map((s) => s.shippedToOrder),
        shippedAt,
      ],
    );
  }
}

function toSim(r: Row): Sim {
  return {
    iccid: r.iccid,
    imsi: r.imsi,
    batchId: r.batch_id,
    state: r.state,
    shippedToDealer: r.shipped_to_dealer,
    shippedToOrder: r.shipped_to_order,
    subscriberId: r.subscriber_id,
    mnoImsi: r.mno_imsi,
  };
}
