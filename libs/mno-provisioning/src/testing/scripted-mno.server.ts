import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** For specs only: a local TMF641 MNO whose answers a test scripts, route by route. */
export type MnoRoute = 'createOrder' | 'getOrder' | 'findOrders';

export type Reply =
  | { status: number; body?: unknown; raw?: string }
  /** Never answers; the client has to give up. */
  | { hang: true }
  /** Stores the order at once but answers only after `delayMs`: the slow success. */
  | { slowSuccessMs: number }
  | { reset: true };

export interface SeenRequest {
  route: MnoRoute;
  path: string;
  body: unknown;
}

export type WireOrder = Record<string, unknown> & { id: string; externalId: string; state: string };

export class ScriptedMnoServer {
  readonly requests: SeenRequest[] = [];
  readonly orders = new Map<string, WireOrder>();
  /** Requests whose client went away before the answer. */
  abortedRequests = 0;
  private readonly scripts: Record<MnoRoute, Reply[]> = {
    createOrder: [],
    getOrder: [],
    findOrders: [],
  };
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/tmf-api/serviceOrdering/v4`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next requests to `route` get these replies; then the default, well-behaved MNO answers. */
  script(route: MnoRoute, ...replies: Reply[]): this {
    this.scripts[route].push(...replies);
    return this;
  }

  count(route: MnoRoute): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  addOrder(order: Partial<WireOrder> & { externalId: string }): WireOrder {
    const id = order.id ?? `ord-${this.orders.size + 1}`;
    const stored: WireOrder = {
      state: 'acknowledged',
      orderDate: new Date().toISOString(),
      ...order,
      id,
    };
    this.orders.set(id, stored);
    return stored;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('close', () => {
      if (!res.writableEnded) this.abortedRequests++;
    });
    const url = new URL(req.url ?? '/', 'http://mno');
    const route = routeOf(req.method, url.pathname);
    const text = await readBody(req);
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.requests.push({ route, path: url.pathname + url.search, body });
    const reply = this.scripts[route].shift();
    if (reply && 'hang' in reply) return;
    if (reply && 'reset' in reply) return void req.socket.destroy();
    if (reply && 'status' in reply) return send(res, reply.status, reply.raw ?? reply.body);
    const answer = this.defaultAnswer(route, url, body);
    if (reply && 'slowSuccessMs' in reply) {
      setTimeout(() => send(res, answer.status, answer.body), reply.slowSuccessMs).unref();
      return;
    }
    send(res, answer.status, answer.body);
  }

  private defaultAnswer(route: MnoRoute, url: URL, body: unknown) {
    if (route === 'createOrder') {
      const request = body as { externalId: string; serviceOrderItem: unknown };
      return { status: 201, body: this.addOrder({ ...request }) };
    }
    if (route === 'findOrders') {
      const externalId = url.searchParams.get('externalId');
      return {
        status: 200,
        body: [...this.orders.values()].filter((o) => o.externalId === externalId),
      };
    }
    const order = this.orders.get(decodeURIComponent(url.pathname.split('/').pop() ?? ''));
    return order ? { status: 200, body: order } : { status: 404, body: { code: 'NOT_FOUND' } };
  }
}

function routeOf(method: string | undefined, path: string): MnoRoute {
  if (method === 'POST') return 'createOrder';
  return path.endsWith('/serviceOrder') ? 'findOrders' : 'getOrder';
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  res.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Polls `condition` until it holds; fails after `timeoutMs` instead of sleeping a fixed time. */
export async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
