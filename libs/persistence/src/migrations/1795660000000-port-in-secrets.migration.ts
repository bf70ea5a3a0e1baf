import type { MigrationInterface, QueryRunner } from 'typeorm';

const HAS_INLINE_SECRETS = `jsonb_typeof(a.request->'portIn') = 'object'
  AND (a.request->'portIn'->>'pin' IS NOT NULL OR a.request->'portIn'->>'accountNumber' IS NOT NULL)`;

/**
 * Port-in secrets leave the events (decision 28): the `port_in_secrets` table (owned by
 * `libs/port-in-secrets`) keeps each activation's PIN and account number until it ends or the row
 * expires, and events carry its `secrets_ref`. Saga rows written before kept the secrets in their
 * `request`: an activation still under way has them moved to the table (kept 72 h from its request,
 * the default TTL), an ended one has them blanked.
 *
 * `down` puts the secrets still held back into their rows' `request` and drops the table.
 */
export class PortInSecrets1795660000000 implements MigrationInterface {
  name = 'PortInSecrets1795660000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "port_in_secrets" (
        "secrets_ref" text PRIMARY KEY,
        "activation_id" text NOT NULL UNIQUE,
        "account_number" text NULL,
        "pin" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "port_in_secrets_expiry_idx" ON "port_in_secrets" ("expires_at")`);
    await q.query(`
      INSERT INTO port_in_secrets (secrets_ref, activation_id, account_number, pin, expires_at)
      SELECT 'pis-' || gen_random_uuid(), a.activation_id, a.request->'portIn'->>'accountNumber',
             a.request->'portIn'->>'pin', a.requested_at + interval '72 hours'
        FROM activations a
       WHERE a.state NOT IN ('completed', 'failed', 'rejected') AND ${HAS_INLINE_SECRETS}`);
    await q.query(`
      UPDATE activations a SET request = jsonb_set(
        jsonb_set(jsonb_set(a.request, '{portIn,pin}', 'null'), '{portIn,accountNumber}', 'null'),
        '{portIn,secretsRef}',
        COALESCE((SELECT to_jsonb(s.secrets_ref) FROM port_in_secrets s
                   WHERE s.activation_id = a.activation_id), 'null'::jsonb))
       WHERE ${HAS_INLINE_SECRETS}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE activations a SET request = jsonb_set(
        jsonb_set(a.request #- '{portIn,secretsRef}', '{portIn,pin}', COALESCE(to_jsonb(s.pin), 'null'::jsonb)),
        '{portIn,accountNumber}', COALESCE(to_jsonb(s.account_number), 'null'::jsonb))
        FROM port_in_secrets s
       WHERE s.activation_id = a.activation_id AND jsonb_typeof(a.request->'portIn') = 'object'`);
    await q.query(`DROP TABLE "port_in_secrets"`);
  }
}
