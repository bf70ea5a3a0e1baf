import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@handoff/observability';
import { SIMULATOR_LOGGER } from '../../shared/simulator.tokens';
import { MnoSettings } from '../admin/mno-settings';
import { snapshot } from '../orders/service-order.store';
import type { ServiceOrder } from '../orders/service-order.types';
import { toTmfService, type TmfService } from '../inventory/tmf-service';
import type { MnoLine, PortedOut } from '../lines/line.types';
import { SERVICE_STATE_CHANGE_EVENT } from '../tmf/tmf638';
import { STATE_CHANGE_EVENT } from '../tmf/tmf641';
import { HubListeners, type HubTarget } from './hub-listeners';

const DELIVERY_TIMEOUT_MS = 5_000;
/** A listener registered with a secret can tell our callbacks from forged ones. */
const SIGNATURE_HEADER = 'x-hub-signature-256';

export interface ServiceOrderStateChangeEvent {
  eventId: string;
  eventTime: string;
  eventType: typeof STATE_CHANGE_EVENT;
  event: { serviceOrder: ServiceOrder };
}

/** TMF638's event for a line whose state changed outside any order of ours: a port-out. */
export interface ServiceStateChangeEvent {
  eventId: string;
  eventTime: string;
  eventType: typeof SERVICE_STATE_CHANGE_EVENT;
  event: { service: TmfService };
}

type HubEvent = ServiceOrderStateChangeEvent | ServiceStateChangeEvent;

/** Only the origin: a callback's path or query may carry a token. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}

/**
 * Posts TMF state change events to the order's `notificationUrl` and to every hub listener, and
 * port-out notices to the hub listeners, fire and forget. Deliveries to one callback are chained so a listener sees an order's states in order.
 */
@Injectable()
export class StateChangeNotifier implements OnModuleDestroy {
  private readonly closing = new AbortController();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly counts = { delivered: 0, failed: 0, withheld: 0 };

  constructor(
    @Inject(HubListeners) private readonly listeners: HubListeners,
    @Inject(MnoSettings) private readonly settings: MnoSettings,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  publish(order: ServiceOrder): void {
    const targets = this.listeners.targets();
    if (order.notificationUrl !== undefined)
      targets.push({ callback: order.notificationUrl, secret: null });
    if (targets.length === 0) return;
    const event: ServiceOrderStateChangeEvent = {
      eventId: randomUUID(),
      eventTime: new Date().toISOString(),
      eventType: STATE_CHANGE_EVENT,
      event: { serviceOrder: snapshot(order) },
    };
    for (const target of unique(targets)) this.enqueue(target, event);
  }

  /** A number ported away: hub listeners learn the line ended and to whom the number went. */
  publishPortOut(line: MnoLine & { portedOut: PortedOut }): void {
    const event: ServiceStateChangeEvent = {
      eventId: randomUUID(),
      eventTime: line.portedOut.portedAt,
      eventType: SERVICE_STATE_CHANGE_EVENT,
      // Its `portOut` characteristic says where the number went and when.
      event: { service: toTmfService(line) },
    };
    for (const target of unique(this.listeners.targets())) this.enqueue(target, event);
  }

  stats(): { delivered: number; failed: number; withheld: number } {
    return { ...this.counts };
  }

  resetStats(): void {
    this.counts.delivered = 0;
    this.counts.failed = 0;
    this.counts.withheld = 0;
  }

  onModuleDestroy(): void {
    this.closing.abort();
  }

  private enqueue(target: HubTarget, event: HubEvent): void {
    const previous = this.queues.get(target.callback) ?? Promise.resolve();
    this.queues.set(
      target.callback,
      previous.then(() => this.deliver(target, event)),
    );
  }

  /** Never rejects: a listener that is down costs a log line, not the order. */
  private async deliver({ callback: url, secret }: HubTarget, event: HubEvent): Promise<void> {
    if (this.closing.signal.aborted) return;
    if (!this.settings.hubDelivery) {
      // A hub that stopped calling (`PUT /admin/settings {"hubDelivery": false}`): nothing is sent.
      this.counts.withheld += 1;
      return;
    }
    const body = JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null)
      headers[SIGNATURE_HEADER] =
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([this.closing.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`listener answered ${response.status}`);
      this.counts.delivered += 1;
    } catch (error) {
      if (this.closing.signal.aborted) return;
      this.counts.failed += 1;
      const reason = error instanceof Error ? error.message : String(error);
      const subject =
        'serviceOrder' in event.event
          ? { orderId: event.event.serviceOrder.id }
          : { serviceId: event.event.service.id };
      const ids = { ...subject, callback: originOf(url), reason };
      this.logger.warn(ids, 'state change notification not delivered');
    }
  }
}

/** One delivery per callback URL, signed if any registration of it has a secret. */
function unique(targets: HubTarget[]): HubTarget[] {
  const byCallback = new Map<string, HubTarget>();
  for (const t of targets) if (!byCallback.get(t.callback)?.secret) byCallback.set(t.callback, t);
  return [...byCallback.values()];
}
