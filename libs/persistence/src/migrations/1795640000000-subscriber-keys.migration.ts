import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What an ICCID looks like (ITU-T E.118): only such keys are re-keyed on the way up. */
const ICCID_KEY = '^89[0-9]{17,18}$';

/**
 * Every line the saga knows, as (ICCID, subscriber id, preference, time): the subscriber bound to
 * the ICCID first, then activations under way, then finished ones. An activation that stored no
 * subscriber id yet is for the one its request names, else for the one Handoff assigns: `sub-` and
 * the activation id without `act-`, as `assignedSubscriberId` in @handoff/activation-requests does.
 */
const LINES = `
  SELECT iccid, subscriber_id, 0 AS preference, activated_at AS at FROM subscribers
  UNION ALL
  SELECT iccid,
         COALESCE(subscriber_id, NULLIF(request->>'subscriberId', ''),
                  'sub-' || regexp_replace(activation_id, '^act-', '')),
         CASE WHEN state IN ('acknowledged', 'inProgress', 'held') THEN 1 ELSE 2 END,
         requested_at
    FROM activations`;

/** ICCID → subscriber id, for the way up. */
const SUBSCRIBER_OF_ICCID = `
  SELECT DISTINCT ON (iccid) iccid AS old_key, subscriber_id AS new_key
    FROM (${LINES}) AS line ORDER BY iccid, preference, at DESC NULLS LAST`;

/** Subscriber id → ICCID, for the way down. */
const ICCID_OF_SUBSCRIBER = `
  SELECT DISTINCT ON (subscriber_id) subscriber_id AS old_key, iccid AS new_key
    FROM (${LINES}) AS line ORDER BY subscriber_id, preference, at DESC NULLS LAST`;

/**
 * Lifecycle events were keyed by ICCID; they are now keyed by the subscriber id (decision 6). This
 * moves the per-subscriber ordering state to the new keys: each blocked key (`subscriber_blocks`)
 * and the records parked behind it (`parked_events`) move together, per consumer group, to the
 * subscriber the saga's tables (`subscribers`, then `activations`) map the ICCID to. A parked
 * record's Kafka key and `ce_subject` header move with it, so that when it is drained and has to
 * wait again it blocks the subscriber id, where the subscriber's newer records queue.
 *
 * Rows with no mapping keep their key: keys that are not ICCIDs (other groups' subjects: subscriber
 * ids already, IMSIs), ICCIDs no activation ever named, and a key whose subscriber id already has
 * rows in that group (two ICCIDs of one subscriber: the first in key order moves, the other stays).
 * Nothing is deleted, so nothing parked is lost.
 *
 * Records in Kafka are not rewritten: the record holding a block sits in a retry topic and still
 * carries the ICCID as its subject. The runner finds the block a retried record holds by its event
 * id (`blocking_event_id`), not its subject, so the re-keyed block is still released by it
 * (`test/integration/messaging/retry-path.test.ts`).
 *
 * `down` maps subscriber ids back to their line's ICCID the same way, including rows keyed by
 * subscriber id after the change (the previous code keys by ICCID).
 */
export class SubscriberKeys1795640000000 implements MigrationInterface {
  name = 'SubscriberKeys1795640000000';

  public async up(q: QueryRunner): Promise<void> {
    await rekey(q, SUBSCRIBER_OF_ICCID, `~ '${ICCID_KEY}'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await rekey(q, ICCID_OF_SUBSCRIBER, `!~ '${ICCID_KEY}'`);
  }
}

async function rekey(q: QueryRunner, mapping: string, keyFilter: string): Promise<void> {
  await q.query(`
    CREATE TEMPORARY TABLE "rekeyed" AS
    SELECT consumer_group, old_key, new_key FROM (
      SELECT k.consumer_group, m.old_key, m.new_key,
             row_number() OVER (PARTITION BY k.consumer_group, m.new_key ORDER BY m.old_key) AS n
        FROM (SELECT consumer_group, subscriber_key FROM subscriber_blocks
              UNION SELECT consumer_group, subscriber_key FROM parked_events) AS k
        JOIN (${mapping}) AS m ON m.old_key = k.subscriber_key
       WHERE k.subscriber_key ${keyFilter} AND m.new_key <> m.old_key
         AND NOT EXISTS (SELECT 1 FROM subscriber_blocks b
                          WHERE b.consumer_group = k.consumer_group AND b.subscriber_key = m.new_key)
         AND NOT EXISTS (SELECT 1 FROM parked_events p
                          WHERE p.consumer_group = k.consumer_group AND p.subscriber_key = m.new_key)
    ) AS candidate WHERE n = 1`);
  await q.query(`
    UPDATE subscriber_blocks b SET subscriber_key = r.new_key
      FROM rekeyed r WHERE b.consumer_group = r.consumer_group AND b.subscriber_key = r.old_key`);
  await q.query(`
    UPDATE parked_events p SET
        subscriber_key = r.new_key,
        message_key = CASE WHEN p.message_key = r.old_key THEN r.new_key ELSE p.message_key END,
        headers = CASE WHEN p.headers->>'ce_subject' = r.old_key
                       THEN jsonb_set(p.headers, '{ce_subject}', to_jsonb(r.new_key))
                       ELSE p.headers END
      FROM rekeyed r WHERE p.consumer_group = r.consumer_group AND p.subscriber_key = r.old_key`);
  await q.query(`DROP TABLE "rekeyed"`);
}
