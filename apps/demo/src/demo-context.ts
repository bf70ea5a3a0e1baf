import type { DataSource } from 'typeorm';
import type { Backbone } from '@handoff/messaging';
import type { DealerClient } from './demo-traffic';

export interface Tracked {
  activationId: string;
  correlationId: string;
  iccid: string;
  channel: 'dealer' | 'bss';
  expect: 'activated' | 'rejected';
}

/** Everything the scenario talks to: the running services over HTTP, Kafka as the BSS, the database to watch. */
export interface DemoContext {
  gatewayUrl: string;
  opsUrl: string;
  mnoUrl: string;
  operatorKey: string;
  dealers: DealerClient[];
  bss: Backbone;
  db: DataSource;
  startedAt: Date;
  tracked: Tracked[];
  refusedAtGateway: { reason: string; status: number }[];
  say: (line: string) => void;
}

export async function call<T>(url: string, init: RequestInit & { key?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  return (text ? JSON.parse(text) : undefined) as T;
}

export const mnoFaults = (ctx: DemoContext, rule: Record<string, unknown> | null) =>
  rule
    ? call(`${ctx.mnoUrl}/admin/faults`, { method: 'PUT', body: JSON.stringify(rule) })
    : call(`${ctx.mnoUrl}/admin/faults`, { method: 'DELETE' });
