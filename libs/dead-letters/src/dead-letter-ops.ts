import { Topics } from '@handoff/messaging';
import {
  DeadLetterDiscarder,
  type DiscardRequest,
  type DiscardResult,
} from './actions/dead-letter-discarder';
import { detailOf } from './browse/dead-letter-detail';
import { DeadLetterBrowser, type DeadLetterListing } from './browse/dead-letter-browser';
import type { DeadLetter, DeadLetterDetail, DeadLetterFilter, DeadLetterRef } from './dead-letter';
import type { DeadLetterOpsDeps } from './ops-deps';
import { DeadLetterReplayer } from './replay/dead-letter-replayer';
import type { ReplayReport } from './replay/replay-report';
import type { ReplayRequest } from './replay/replay-request';

/** What on-call does with dead letters: browse, show, replay (or dry-run), discard. */
export class DeadLetterOps {
  private readonly browser: DeadLetterBrowser;
  private readonly replayer: DeadLetterReplayer;
  private readonly discarder: DeadLetterDiscarder;

  constructor(private readonly deps: DeadLetterOpsDeps) {
    this.browser = new DeadLetterBrowser({
      client: deps.backbone.client,
      dataSource: deps.dataSource,
      groups: deps.groups,
      read: deps.read,
    });
    this.replayer = new DeadLetterReplayer(deps, this.browser);
    this.discarder = new DeadLetterDiscarder(deps, this.browser);
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetterListing<DeadLetter>> {
    const { items, complete } = await this.browser.list(filter);
    return { items: items.map((e) => e.deadLetter), complete };
  }

  async show(ref: DeadLetterRef): Promise<DeadLetterDetail> {
    const [entry] = await this.browser.byRefs([ref]);
    return detailOf(entry.record, entry.deadLetter, this.deps.backbone.codec, this.deps.ownership);
  }

  replay(request: ReplayRequest): Promise<ReplayReport> {
    return this.replayer.replay(request);
  }

  discard(request: DiscardRequest): Promise<DiscardResult[]> {
    return this.discarder.discard(request);
  }

  /**
   * Ops events go through the outbox; a short-lived process (the CLI) starts its relay and waits
   * for them to be published before it exits. False when some are still pending at the deadline
   * (another process's relay holds the lock, or Kafka is down): they stay in the outbox and the
   * next relay publishes them.
   */
  async flushOpsEvents(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.deps.backbone.relay.start();
    this.deps.backbone.relay.wake();
    while (Date.now() < deadline) {
      const [row] = await this.deps.dataSource.query<{ pending: number }[]>(
        `SELECT count(*)::int AS pending FROM outbox
          WHERE sent_at IS NULL AND topic = $1 AND relay_after <= now()`,
        [Topics.OpsAudit],
      );
      if ((row?.pending ?? 0) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }
}
