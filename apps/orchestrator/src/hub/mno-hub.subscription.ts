import type { Logger } from '@handoff/observability';
import {
  subscribeToHub,
  unsubscribeFromHub,
  type HubSubscription,
} from '@handoff/mno-provisioning';

/** How soon a failed registration is tried again; polling covers the gap meanwhile. */
const RESUBSCRIBE_AFTER_MS = 30_000;

/**
 * The orchestrator's registration at the MNO's hub, made at start and removed at shutdown. A hub
 * that is down at start costs callbacks, not correctness: waiting requests poll their orders, and
 * the registration is tried again until it holds.
 */
export class MnoHubSubscription {
  private current: HubSubscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly mnoBaseUrl: string,
    private readonly logger: Logger,
  ) {}

  /** The secret callbacks must be signed with; undefined while not registered (all are refused). */
  secret(): string | undefined {
    return this.current?.secret;
  }

  async start(callbackUrl: string): Promise<void> {
    try {
      this.current = await subscribeToHub(this.mnoBaseUrl, callbackUrl, AbortSignal.timeout(5_000));
      this.logger.info({ subscriptionId: this.current.id }, 'subscribed to the MNO hub');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ reason }, 'MNO hub registration failed; polling until it is retried');
      if (!this.stopped)
        this.retry = setTimeout(() => void this.start(callbackUrl), RESUBSCRIBE_AFTER_MS).unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const id = this.current?.id;
    this.current = undefined;
    if (id) await unsubscribeFromHub(this.mnoBaseUrl, id).catch(() => undefined);
  }
}
