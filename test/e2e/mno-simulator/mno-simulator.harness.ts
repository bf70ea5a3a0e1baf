import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMnoSimulator } from '../../../apps/vendor-simulators/src/start-vendor-simulators';

export const TMF = '/tmf-api/serviceOrdering/v4';

/** The TMF641 order as the tests read it off the wire. */
export interface WireOrder {
  id: string;
  href: string;
  externalId: string;
  state: string;
  orderDate: string;
  completionDate?: string;
  serviceOrderItem: {
    id: string;
    state: string;
    service: { id?: string; serviceCharacteristic: { name: string; value?: unknown }[] };
  }[];
  errorMessage?: { code: string; reason: string; message: string }[];
}

export interface TmfErrorBody {
  code: string;
  reason: string;
  message: string;
  status: string;
}

export interface ProvisionedLine {
  iccid: string;
  imsi: string;
  msisdn: string;
  planCode: string;
  orderId: string;
  externalId: string;
  duplicate: boolean;
}

export interface LineEffect {
  seq: number;
  lineId: string;
  kind: string;
  orderId: string | null;
  externalId: string | null;
  detail: Record<string, string>;
}

export interface StateChangeEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  event: { serviceOrder: WireOrder };
}

export interface SimulatorStats {
  calls: Record<string, { total: number } & Record<string, number>>;
  orders: Record<string, number>;
  provisionedLines: number;
  notifications: { delivered: number; failed: number };
}

/** An answer whatever its status: `json` when it succeeded, `error` when it did not. */
export interface Answer<T> {
  status: number;
  text: string;
  json: T;
  error: TmfErrorBody;
}

/** Starts an MNO simulator on a free port; it logs at `LOG_LEVEL`, which jest sets to `error`. */
export async function startTestSimulator(completionDelayMs = 100, faults: unknown[] = []) {
  const simulator = await startMnoSimulator({ port: 0, completionDelayMs, faults });
  return { simulator, mno: new MnoTestClient(simulator.url) };
}

/**
 * One simulator for a whole describe block, reset before each test; `onStart` hands its client to
 * the block.
 */
export function useTestSimulator(
  onStart: (mno: MnoTestClient) => void,
  completionDelayMs = 100,
): void {
  let started: Awaited<ReturnType<typeof startTestSimulator>> | undefined;
  beforeAll(async () => {
    started = await startTestSimulator(completionDelayMs);
    onStart(started.mno);
  });
  afterAll(() => started?.simulator.close());
  beforeEach(() => started?.mno.reset());
}

/** Plain HTTP calls against the simulator; the answer is returned whatever its status. */
export class MnoTestClient {
  constructor(readonly url: string) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = 5_000,
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json: json as T, error: json as TmfErrorBody };
  }

  createOrder(body: unknown, timeoutMs?: number) {
    return this.call<WireOrder>('POST', `${TMF}/serviceOrder`, body, timeoutMs);
  }

  getOrder(id: string, timeoutMs?: number) {
    return this.call<WireOrder>(
      'GET',
      `${TMF}/serviceOrder/${encodeURIComponent(id)}`,
      undefined,
      timeoutMs,
    );
  }

  async ordersFor(externalId: string): Promise<WireOrder[]> {
    const answer = await this.call<WireOrder[]>(
      'GET',
      `${TMF}/serviceOrder?externalId=${encodeURIComponent(externalId)}`,
    );
    return answer.json;
  }

  async provisioned(iccid?: string): Promise<ProvisionedLine[]> {
    const query = iccid ? `?iccid=${encodeURIComponent(iccid)}` : '';
    return (await this.call<ProvisionedLine[]>('GET', `/admin/provisioned${query}`)).json;
  }

  /** The changes the network applied to a line, in order. */
  async effects(lineId: string): Promise<LineEffect[]> {
    return (await this.call<LineEffect[]>('GET', `/admin/effects?lineId=${lineId}`)).json;
  }

  async settings(values: { completionDelayMs?: number; portInDecisionMs?: number }) {
    const answer = await this.call('PUT', '/admin/settings', values);
    if (answer.status !== 200) throw new Error(`PUT /admin/settings answered ${answer.text}`);
  }

  async setFaults(rule: unknown): Promise<void> {
    const answer = await this.call('PUT', '/admin/faults', rule);
    if (answer.status !== 200) throw new Error(`PUT /admin/faults answered ${answer.text}`);
  }

  async stats(): Promise<SimulatorStats> {
    return (await this.call<SimulatorStats>('GET', '/admin/stats')).json;
  }

  async reset(): Promise<void> {
    await this.call('POST', '/admin/reset');
  }
}

let serial = Math.floor(Math.random() * 1e9);

/** A 19-digit ICCID nobody else in the run uses. */
export function newIccid(): string {
  serial += 1;
  return `8901260${String(serial).padStart(12, '0')}`;
}

export interface LineRequest {
  externalId?: string;
  iccid?: string;
  msisdn?: string;
  planCode?: string;
  portIn?: Record<string, unknown>;
  notificationUrl?: string;
}

/** A TMF641 order for one mobile line, as the MNO adapter sends it. */
export function mobileLineOrder(line: LineRequest = {}) {
  const characteristic = [
    { name: 'iccid', value: line.iccid ?? newIccid() },
    ...(line.msisdn ? [{ name: 'msisdn', value: line.msisdn }] : []),
    { name: 'planCode', value: line.planCode ?? 'UNL-5G-30' },
    ...(line.portIn ? [{ name: 'portIn', value: line.portIn }] : []),
  ];
  return {
    externalId: line.externalId ?? `act-${randomUUID()}`,
    description: 'mobile line activation',
    ...(line.notificationUrl ? { notificationUrl: line.notificationUrl } : {}),
    serviceOrderItem: [
      {
        id: '1',
        action: 'add',
        service: {
          serviceSpecification: { id: 'mobile-line' },
          serviceCharacteristic: characteristic,
        },
      },
    ],
  };
}

export function characteristic(order: WireOrder, name: string): unknown {
  const list = order.serviceOrderItem[0].service.serviceCharacteristic;
  return list.find((c) => c.name === name)?.value;
}

/** A local HTTP server recording the JSON posted to it; `status` is what it answers. */
export async function startListener(status = 204) {
  const received: StateChangeEvent[] = [];
  /** Each delivery's raw body and signature header, in arrival order. */
  const raw: { body: Buffer; signature: string | undefined }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = req.headers['x-hub-signature-256'];
      raw.push({ body, signature: Array.isArray(signature) ? signature[0] : signature });
      received.push(JSON.parse(body.toString('utf8')) as StateChangeEvent);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    raw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
