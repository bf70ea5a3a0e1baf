import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { assignedSubscriberId } from '@handoff/activation-requests';
import { SubscriberKeys1795640000000, runMigrations } from '@handoff/persistence';
import { newIccid } from '../../support/activation-requests';
import { revertThrough } from '../../support/migrations';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

const GROUP = 'handoff.orchestrator';
const MIGRATION = SubscriberKeys1795640000000.name;

async function activation(
  db: DataSource,
  a: { iccid: string; state: string; subscriberId?: string; named?: string },
): Promise<string> {
  const activationId = `act-${randomUUID()}`;
  await db.query(
    `INSERT INTO activations (activation_id, correlation_id, channel, iccid, plan_code, subscriber_id,
       state, step, request, requested_at)
     VALUES ($1, $1, 'bss', $2, 'UNL-5G-30', $3, $4, 'provisioning', $5::jsonb, now())`,
    [
      activationId,
      a.iccid,
      a.subscriberId ?? null,
      a.state,
      JSON.stringify({ subscriberId: a.named ?? null }),
    ],
  );
  return activationId;
}

/** A block on `key` held by one event, and one event parked behind it, as the runner writes them. */
async function blockedWithParked(db: DataSource, group: string, key: string): Promise<void> {
  await db.query(
    'INSERT INTO subscriber_blocks (consumer_group, subscriber_key, blocking_event_id) VALUES ($1, $2, $3)',
    [group, key, randomUUID()],
  );
  await db.query(
    `INSERT INTO parked_events (consumer_group, subscriber_key, event_id, source_topic, source_partition,
       source_offset, message_key, headers, payload)
     VALUES ($1, $2, $3, 'handoff.subscriber.lifecycle.v1', 0, '7', $2, $4::jsonb, '\\x00')`,
    [group, key, randomUUID(), JSON.stringify({ ce_subject: key, ce_type: 'x' })],
  );
}

interface KeyRows {
  blocks: string[];
  parked: { key: string; messageKey: string | null; subject: string }[];
}

async function keysOf(db: DataSource, group: string): Promise<KeyRows> {
  const blocks = await db.query<{ subscriber_key: string }[]>(
    'SELECT subscriber_key FROM subscriber_blocks WHERE consumer_group = $1 ORDER BY 1',
    [group],
  );
  const parked = await db.query<{ key: string; message_key: string | null; subject: string }[]>(
    `SELECT subscriber_key AS key, message_key, headers->>'ce_subject' AS subject
       FROM parked_events WHERE consumer_group = $1 ORDER BY 1`,
    [group],
  );
  return {
    blocks: blocks.map((b) => b.subscriber_key),
    parked: parked.map((p) => ({ key: p.key, messageKey: p.message_key, subject: p.subject })),
  };
}

const sameKeyEverywhere = (keys: string[]): KeyRows => ({
  blocks: [...keys].sort(),
  parked: [...keys].sort().map((key) => ({ key, messageKey: key, subject: key })),
});

describe('migration SubscriberKeys1795640000000 (ICCID keys to subscriber ids)', () => {
  let test: TestDatabase;
  let db: DataSource;

  beforeEach(async () => {
    test = await migratedDatabase('subscriber_keys');
    await revertThrough(test.scratch.url, MIGRATION);
    db = test.dataSource;
  });

  afterEach(async () => {
    await test?.close();
  });

  it('moves blocks and parked records from ICCIDs to the subscriber ids the saga maps them to, and back on down', async () => {
    const active = newIccid();
    await db.query(
      `INSERT INTO subscribers (subscriber_id, iccid, plan_code, status, activation_id)
       VALUES ('bss-sub-1', $1, 'UNL-5G-30', 'active', 'act-old')`,
      [active],
    );
    const assigned = newIccid();
    const waiting = await activation(db, { iccid: assigned, state: 'inProgress' });
    await activation(db, { iccid: assigned, state: 'rejected', subscriberId: 'sub-someone-else' });
    const named = newIccid();
    await activation(db, { iccid: named, state: 'held', named: 'bss-sub-2' });
    const unknown = newIccid();
    for (const key of [active, assigned, named, unknown]) await blockedWithParked(db, GROUP, key);
    await blockedWithParked(db, 'handoff.usage', '310260123456789');
    const before = await keysOf(db, GROUP);

    expect(await runMigrations(test.scratch.url)).toContain(MIGRATION);

    expect(await keysOf(db, GROUP)).toEqual(
      sameKeyEverywhere(['bss-sub-1', assignedSubscriberId(waiting), 'bss-sub-2', unknown]),
    );
    expect(await keysOf(db, 'handoff.usage')).toEqual(sameKeyEverywhere(['310260123456789']));

    await revertThrough(test.scratch.url, MIGRATION);

    expect(await keysOf(db, GROUP)).toEqual(before);
  });

  it('leaves a second ICCID of one subscriber where it is rather than merge two queues', async () => {
    const first = newIccid();
    const second = newIccid();
    await activation(db, { iccid: first, state: 'failed', named: 'bss-sub-3' });
    await activation(db, { iccid: second, state: 'inProgress', named: 'bss-sub-3' });
    await blockedWithParked(db, GROUP, first);
    await blockedWithParked(db, GROUP, second);

    await runMigrations(test.scratch.url);

    const stayed = [first, second].sort()[1];
    expect(await keysOf(db, GROUP)).toEqual(sameKeyEverywhere(['bss-sub-3', stayed]));
  });
});
