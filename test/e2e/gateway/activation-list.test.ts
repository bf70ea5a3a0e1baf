import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@handoff/activation-saga';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';

interface Summary {
  activationId: string;
  state: string;
  requestedAt: string;
  timeline?: unknown;
}

interface Page {
  items: Summary[];
  nextCursor?: string;
  next?: string;
}

describe('GET /v1/activations (gateway on real HTTP and PostgreSQL)', () => {
  let gateway: RunningGateway;
  let db: DataSource;

  beforeAll(async () => {
    ({ gateway, db } = await startTestGateway());
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
  });

  async function activate(dealer: TestDealer): Promise<string> {
    const response = await request(gateway.url)
      .post('/v1/activations')
      .set(dealer.auth)
      .send(activationBody())
      .expect(202);
    return (response.body as { activationId: string }).activationId;
  }

  async function activateMany(dealer: TestDealer, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await activate(dealer));
    return ids;
  }

  const list = (dealer: TestDealer, path = '/v1/activations') =>
    request(gateway.url).get(path).set(dealer.auth);

  async function page(dealer: TestDealer, path?: string): Promise<Page> {
    return (await list(dealer, path).expect(200)).body as Page;
  }

  const idsOf = (listed: Page) => listed.items.map((item) => item.activationId);

  it("lists a dealer's own activations only, newest first, without their timelines", async () => {
    const [dealer, other] = [await newDealer(db, 'list'), await newDealer(db, 'list-other')];
    const mine = await activateMany(dealer, 3);
    const theirs = await activateMany(other, 2);

    const listed = await page(dealer);
    expect(idsOf(listed)).toEqual([...mine].reverse());
    expect(idsOf(await page(other))).toEqual([...theirs].reverse());
    expect(listed.next).toBeUndefined();
    expect(listed.items[0]).toMatchObject({
      subscriberId: expect.stringMatching(/^sub-/),
      state: 'acknowledged',
      iccid: expect.stringContaining('*'),
      planCode: 'UNL-5G-30',
    });
    expect(listed.items[0]?.timeline).toBeUndefined();
  });

  it('filters by state', async () => {
    const dealer = await newDealer(db, 'list-state');
    const [first, second, third] = await activateMany(dealer, 3);
    const activations = new ActivationRepository();
    await db.transaction(async (manager) => {
      await activations.update(manager, first, { state: 'completed', completed: true });
      await activations.update(manager, third, { state: 'rejected', reasonCode: 'X.Y' });
    });

    expect(idsOf(await page(dealer, '/v1/activations?state=completed'))).toEqual([first]);
    expect(idsOf(await page(dealer, '/v1/activations?state=acknowledged'))).toEqual([second]);
    expect(idsOf(await page(dealer, '/v1/activations?state=held'))).toEqual([]);
  });

  it('filters by a date range on requestedAt: from inclusive, to exclusive', async () => {
    const dealer = await newDealer(db, 'list-dates');
    await activateMany(dealer, 4);
    const all = (await page(dealer)).items;
    const pivot = all[1].requestedAt;
    const search = (query: Record<string, string>) =>
      page(dealer, `/v1/activations?${new URLSearchParams(query).toString()}`);

    const from = await search({ requestedFrom: pivot });
    expect(idsOf(from)).toEqual(
      all.filter((a) => a.requestedAt >= pivot).map((a) => a.activationId),
    );
    const before = await search({ requestedTo: pivot });
    expect(idsOf(before)).toEqual(
      all.filter((a) => a.requestedAt < pivot).map((a) => a.activationId),
    );
    expect(idsOf(from).length + idsOf(before).length).toBe(4);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(idsOf(await search({ requestedFrom: future }))).toEqual([]);
  });

  it('pages through every activation once, in order, while new ones arrive', async () => {
    const dealer = await newDealer(db, 'list-pages');
    const existing = await activateMany(dealer, 7);
    const arrived: string[] = [];
    const seen: Summary[] = [];

    let next: string | undefined = '/v1/activations?limit=2';
    let pages = 0;
    while (next) {
      const listed: Page = await page(dealer, next);
      seen.push(...listed.items);
      // Two more arrive between every two pages, at the head of the list.
      arrived.push(...(await activateMany(dealer, 2)));
      next = listed.next;
      if (next) expect(next).toContain(`cursor=${listed.nextCursor}`);
      pages++;
    }

    const seenIds = seen.map((item) => item.activationId);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seenIds).toEqual([...existing].reverse());
    expect(pages).toBe(4);
    const order = seen.map((item) => item.requestedAt);
    expect(order).toEqual([...order].sort().reverse());
    // The ones that arrived meanwhile are on a fresh first page.
    expect(idsOf(await page(dealer, '/v1/activations?limit=100'))).toHaveLength(7 + arrived.length);
  });

  it('keeps the filters in the next link', async () => {
    const dealer = await newDealer(db, 'list-next');
    await activateMany(dealer, 3);
    const first = await page(dealer, '/v1/activations?state=acknowledged&limit=2');
    expect(first.next).toMatch(/^\/v1\/activations\?state=acknowledged&limit=2&cursor=/);
    const second = await page(dealer, first.next);
    expect(second.items).toHaveLength(1);
    expect(second.next).toBeUndefined();
  });

  it('answers 400 naming each bad filter, limit or cursor', async () => {
    const dealer = await newDealer(db, 'list-bad');
    const fieldsOf = async (query: string) => {
      const response = await list(dealer, `/v1/activations?${query}`).expect(400);
      expect(response.body).toMatchObject({ error: 'invalid_request' });
      return (response.body as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    };

    expect(await fieldsOf('state=done&requestedFrom=yesterday&limit=500&sort=asc')).toEqual([
      'limit',
      'requestedFrom',
      'sort',
      'state',
    ]);
    expect(await fieldsOf('limit=0')).toEqual(['limit']);
    expect(await fieldsOf('cursor=not-a-cursor')).toEqual(['cursor']);
    expect(
      await fieldsOf('requestedFrom=2026-12-02T00:00:00Z&requestedTo=2026-12-01T00:00:00Z'),
    ).toEqual(['requestedTo']);
    expect(await fieldsOf('state=held&state=failed')).toEqual(['state']);
  });

  it("ignores another dealer's cursor position: a cursor never reveals another dealer's rows", async () => {
    const [dealer, other] = [await newDealer(db, 'list-cur'), await newDealer(db, 'list-cur-o')];
    await activateMany(other, 3);
    const theirs = await page(other, '/v1/activations?limit=1');
    const mine = await page(dealer, `/v1/activations?cursor=${theirs.nextCursor!}`);
    expect(mine.items).toEqual([]);
  });
});
