import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SIM inventory (owned by `@handoff/sim-inventory`, docs/sim-inventory.md): one row per SIM the
 * fulfilment partner delivered, with the IMSI its batch data gives it, where it was shipped and its
 * state. `mno_imsi` is the IMSI the MNO reported when it differs (the mis-mapping fulfilment is
 * told about). The dealer index serves activation's "shipped to this dealer" check's neighbours
 * (listing a dealer's stock); the ICCID is the key every other look-up uses.
 */
export class SimInventory1795726000000 implements MigrationInterface {
  name = 'SimInventory1795726000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "sims" (
        "iccid" text PRIMARY KEY,
        "imsi" text NOT NULL,
        "batch_id" text NOT NULL,
        "state" text NOT NULL,
        "shipped_to_dealer" text NULL,
        "shipped_to_order" text NULL,
        "subscriber_id" text NULL,
        "mno_imsi" text NULL,
        "imsi_mismatch_at" timestamptz NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "shipped_at" timestamptz NULL,
        "state_changed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "sims_state_check" CHECK ("state" IN
          ('inStock', 'shipped', 'active', 'swappedOut', 'deactivated', 'returned', 'lost')),
        CONSTRAINT "sims_one_destination" CHECK
          ("shipped_to_dealer" IS NULL OR "shipped_to_order" IS NULL)
      )`);
    await q.query(`CREATE INDEX "sims_dealer_idx" ON "sims" ("shipped_to_dealer")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sims"`);
  }
}
