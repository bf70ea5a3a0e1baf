import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** For specs only: a local tax engine whose answers a test scripts, route by route. */
export type TaxRoute =
  'calculate' | 'getDocument' | 'commit' | 'void' | 'adjust' | 'geocode' | 'jurisdictions';

export type Reply =
  | { status: number; body?: unknown; raw?: string }
  /** Never answers; the client has to give up. */
  | { hang: true }
  /** Does the work at once but answers only after `delayMs`: the slow success. */
  | { slowSuccessMs: number }
  | { reset: true };

export interface SeenRequest {
  route: TaxRoute;
  path: string;
  body: unknown;
}

interface WireLine {
  ref: string;
  amount: number;
}

export type WireDocument = Record<string, unknown> & {
  documentCode: string;
  status: string;
  adjustments: ({ adjustmentCode: string } & Record<string, unknown>)[];
};

/**
 * A well-behaved engine by default (one 10 % state tax per line, documents by code, commit once),
 * with scripted replies taking precedence. The real simulator is `apps/vendor-simulators/src/tax`;
 * a lib may not import an app, so its specs use this.
 */
export class ScriptedTaxServer {
  readonly requests: SeenRequest[] = [];
  readonly documents = new Map<string, WireDocument>();
  abortedRequests = 0;
  private readonly scripts = new Map<TaxRoute, Reply[]>();
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/communications-tax/v1`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next requests to `route` get these replies; then the default engine answers. */
  script(route: TaxRoute, ...replies: Reply[]): this {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...replies]);
    return this;
  }

  count(route: TaxRoute): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('close', () => {
      if (!res.writableEnded) this.abortedRequests++;
    });
    const url = new URL(req.url ?? '/', 'http://tax');
    const route = routeOf(req.method, url.pathname);
    const text = await readBody(req);
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.requests.push({ route, path: url.pathname, body });
    const reply = this.scripts.get(route)?.shift();
    if (reply && 'hang' in reply) return;
    if (reply && 'reset' in reply) return void req.socket.destroy();
    if (reply && 'status' in reply) return send(res, reply.status, reply.raw ?? reply.body);
    const answer = this.defaultAnswer(route, url.pathname, body);
    if (reply && 'slowSuccessMs' in reply) {
      setTimeout(() => send(res, answer.status, answer.body), reply.slowSuccessMs).unref();
      return;
    }
    send(res, answer.status, answer.body);
  }

  private defaultAnswer(route: TaxRoute, path: string, body: unknown) {
    if (route === 'geocode')
      return { status: 200, body: { code: 'US-WA-SEATTLE', name: 'Seattle' } };
    if (route === 'jurisdictions') return { status: 200, body: JURISDICTIONS };
    if (route === 'calculate') {
      const request = body as { documentCode: string; currency: string; lines: WireLine[] };
      const existing = this.documents.get(request.documentCode);
      if (existing && existing.status !== 'quoted') return { status: 200, body: existing };
      return { status: 200, body: this.add(request) };
    }
    const code = decodeURIComponent(path.split('/')[4] ?? '');
    const document = this.documents.get(code);
    if (!document) return notFound;
    if (route === 'commit') document.status = 'committed';
    if (route === 'void') document.status = 'voided';
    if (route === 'adjust') {
      const { adjustmentCode, lines } = body as { adjustmentCode: string; lines: WireLine[] };
      document.adjustments.push({ adjustmentCode, reason: 'r', ...taxed(lines) });
    }
    return { status: 200, body: document };
  }

  private add(request: { documentCode: string; currency: string; lines: WireLine[] }) {
    const document: WireDocument = {
      documentCode: request.documentCode,
      status: 'quoted',
      transactionDate: '2025-01-01',
      currency: request.currency,
      jurisdiction: { code: 'US-WA-SEATTLE', name: 'Seattle' },
      ...taxed(request.lines),
      adjustments: [],
    };
    this.documents.set(request.documentCode, document);
    return document;
  }
}

const JURISDICTIONS = [
  { code: 'US-WA-SEATTLE', name: 'Seattle', state: 'WA', postalCodes: ['98101'], taxRuleCount: 8 },
  { code: 'US-GU-HAGATNA', name: 'Hagåtña', state: 'GU', postalCodes: ['96910'], taxRuleCount: 0 },
];

const notFound = { status: 404, body: { error: { code: 'DOCUMENT_NOT_FOUND', status: 404 } } };

function taxed(lines: readonly WireLine[]) {
  const taxedLines = lines.map((line) => {
    const taxAmount = Math.round(line.amount / 10);
    const tax = {
      level: 'state',
      jurisdictionName: 'Washington',
      name: 'State Sales Tax',
      kind: 'tax',
      rate: '0.100000',
      taxableAmount: line.amount,
      taxAmount,
    };
    return { ref: line.ref, amount: line.amount, taxes: [tax], taxAmount };
  });
  const totals = {
    amount: taxedLines.reduce((t, l) => t + l.amount, 0),
    taxAmount: taxedLines.reduce((t, l) => t + l.taxAmount, 0),
  };
  return { lines: taxedLines, totals };
}

function routeOf(method: string | undefined, path: string): TaxRoute {
  if (path.endsWith('/geocode')) return 'geocode';
  if (path.endsWith('/jurisdictions')) return 'jurisdictions';
  if (path.endsWith('/documents/calculate')) return 'calculate';
  if (method === 'GET') return 'getDocument';
  if (path.endsWith('/commit')) return 'commit';
  if (path.endsWith('/void')) return 'void';
  return 'adjust';
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
