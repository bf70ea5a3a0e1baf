import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A TMF630 hub registration: every order's state changes are posted to `callback`. */
export interface HubListener {
  id: string;
  callback: string;
  query: string | null;
}

@Injectable()
export class HubListeners {
  private readonly listeners = new Map<string, HubListener>();

  add(callback: string, query?: string): HubListener {
    const listener = { id: randomUUID(), callback, query: query ?? null };
    this.listeners.set(listener.id, listener);
    return listener;
  }

  remove(id: string): boolean {
    return this.listeners.delete(id);
  }

  callbacks(): string[] {
    return [...this.listeners.values()].map((l) => l.callback);
  }
}
