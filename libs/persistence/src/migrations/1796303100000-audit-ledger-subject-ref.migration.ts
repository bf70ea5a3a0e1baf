import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger (libs/audit) gains `subject_ref`: a keyed SHA-256 of the raw subject (a
 * subscriber id, an ICCID, an activation id), so care's diagnostic view finds one subscriber's rows
 * through an index, where the masked subject (an ICCID or MSISDN masked) cannot be searched
 * (decision 95). The key is random,
 * made here, and stays in the database (`audit_ledger_subject_key`): a dump of the ledger alone
 * cannot be reversed by hashing every number. `audit_subject_ref()` is the one place the ref is
 * computed, by writers and readers alike. The index is created on the partitioned parent, so every
 * month has it, and a month attached later gets it on `ATTACH PARTITION`. Rows written before this
 * migration have no ref (their subject was stored masked only) and are not found by it.
 */
export class AuditLedgerSubjectRef1796303100000 implements MigrationInterface {
  name = 'AuditLedgerSubjectRef1796303100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_ledger_subject_key" (
        "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
        "secret" text NOT NULL
      )`);
    await q.query(
      `INSERT INTO "audit_ledger_subject_key" ("secret") VALUES (gen_random_uuid()::text || gen_random_uuid()::text)`,
    );
    await q.query(`
      CREATE FUNCTION audit_subject_ref(subject text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN subject IS NULL OR subject = '' THEN NULL
               ELSE encode(sha256(convert_to(k.secret || ':' || subject, 'UTF8')), 'hex') END
          FROM audit_ledger_subject_key k
      $$`);
    await q.query(`ALTER TABLE "audit_ledger" ADD COLUMN "subject_ref" text NULL`);
    await q.query(
      `CREATE INDEX "audit_ledger_subject_ref_idx" ON "audit_ledger" ("subject_ref", "occurred_at") WHERE "subject_ref" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit_ledger_subject_ref_idx"`);
    await q.query(`ALTER TABLE "audit_ledger" DROP COLUMN "subject_ref"`);
    await q.query(`DROP FUNCTION audit_subject_ref(text)`);
    await q.query(`DROP TABLE "audit_ledger_subject_key"`);
  }
}
