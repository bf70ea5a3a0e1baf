import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A TMF630 hub registration: every order's state changes are posted to `callback`. */
export interface HubListener {
  id: string;
  callback: string;
  query: string | null;
}

/** Where to post, and the listener's secret to sign the body with (non-standard, optional). */
export interface HubTarget {
  callback: string;
  secret: string | null;
}

@Injectable()
export class HubListeners {
  private readonly listeners = new Map<string, HubListener & { secret: string | null }>();

  /** The secret is kept for signing and never answered back. */
  add(callback: string, query?: string, secret?: string): HubListener {
    const listener = { id: randomUUID(), callback, query: query ?? null };
    this.listeners.set(listener.id, { ...listener, secret: secret ?? null });
    return listener;
  }

  remove(id: string): boolean {
    return this.listeners.delete(id);
  }

  targets(): HubTarget[] {
    return [...this.listeners.values()].map(({ callback, secret }) => ({ callback, secret }));
  }
}
