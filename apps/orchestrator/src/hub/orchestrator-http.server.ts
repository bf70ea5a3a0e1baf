import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubNoticeOutcome, MnoHubNotices } from '@handoff/activation-saga';
import { answerHealthOrMetrics, type Readiness } from '@handoff/health';
import { HUB_SIGNATURE_HEADER, hubSignatureValid, readHubNotice } from '@handoff/mno-provisioning';
import { timeHttpRequest, type Logger } from '@handoff/observability';
import type { MnoHubSubscription } from './mno-hub.subscription';

export const MNO_CALLBACK_PATH = '/mno/notifications';
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The orchestrator's small HTTP port: the MNO hub's callback, the health endpoints and `/metrics`. A callback whose signature is not this subscription's is refused with
 * 401 before its body is read as anything, and changes nothing.
 */
export class OrchestratorHttpServer {
  private readonly server: Server;

  constructor(
    private readonly subscription: MnoHubSubscription,
    private readonly notices: MnoHubNotices,
    private readonly readiness: Readiness,
    private readonly logger: Logger,
  ) {
    this.server = createServer((request, response) => void this.route(request, response));
  }

  /** Listens; resolves with the port actually bound (0 asks the system for a free one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (await answerHealthOrMetrics(this.readiness, request, response)) return;
      const served = request.url === MNO_CALLBACK_PATH;
      timeHttpRequest(request, response, served ? MNO_CALLBACK_PATH : 'unmatched');
      if (!served || request.method !== 'POST')
        return answer(response, 404, { error: 'NOT_FOUND' });
      const body = await readBody(request);
      if (body === undefined) return answer(response, 413, { error: 'BODY_TOO_LARGE' });
      const secret = this.subscription.secret();
      const signature = request.headers[HUB_SIGNATURE_HEADER];
      if (!secret || !hubSignatureValid(secret, body, firstOf(signature))) {
        this.logger.warn({ path: MNO_CALLBACK_PATH }, 'MNO hub callback refused: bad signature');
        return answer(response, 401, { error: 'SIGNATURE_INVALID' });
      }
      const notice = readHubNotice(parseJson(body));
      if (!notice) return answer(response, 400, { error: 'NOT_A_HUB_EVENT' });
      const outcome: HubNoticeOutcome = await this.notices.accept(notice);
      this.logger.info({ noticeId: notice.noticeId, outcome }, 'MNO hub callback accepted');
      answer(response, 202, { outcome });
    } catch (error) {
      // The MNO may send it again; nothing was committed.
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ reason }, 'MNO hub callback failed');
      answer(response, 503, { error: 'UNAVAILABLE' });
    }
  }
}

function answer(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const firstOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The raw body (the signature is over its bytes); undefined past the size limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
