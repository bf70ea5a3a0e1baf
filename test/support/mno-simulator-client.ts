/** One change the simulator's network applied to a line, and the order that made it. */
export interface LineEffectSeen {
  seq: number;
  lineId: string;
  kind: string;
  externalId: string | null;
  detail: Record<string, string>;
}

/** The MNO simulator's admin API, over real HTTP, for tests and the demo. */
export class MnoSimulatorAdmin {
  constructor(private readonly baseUrl: string) {}

  get tmfBaseUrl(): string {
    return `${this.baseUrl}/tmf-api/serviceOrdering/v4`;
  }

  async setFaults(rule: Record<string, unknown>): Promise<void> {
    await this.call('PUT', '/admin/faults', rule);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/admin/faults');
  }

  /** How long orders received from now on take to complete (`PUT /admin/settings`). */
  async setCompletionDelay(completionDelayMs: number): Promise<void> {
    await this.call('PUT', '/admin/settings', { completionDelayMs });
  }

  /** How long a port-in ordered from now on waits for the donor's answer. */
  async setPortInDecision(portInDecisionMs: number): Promise<void> {
    await this.call('PUT', '/admin/settings', { portInDecisionMs });
  }

  /** Whether the hub calls its listeners (false: a hub down or a subscription lost). */
  async setHubDelivery(hubDelivery: boolean): Promise<void> {
    await this.call('PUT', '/admin/settings', { hubDelivery });
  }

  /** A number the donor holds, released only to an order quoting this account number and PIN. */
  async addDonorAccount(account: { msisdn: string; accountNumber: string; pin: string }) {
    await this.call('POST', '/admin/donor-accounts', account);
  }

  /** The number leaves for another operator; the hub's listeners are told. */
  async portOut(msisdn: string, recipientOperator: string): Promise<void> {
    await this.call('POST', '/admin/port-out', { msisdn, recipientOperator });
  }

  /** The SIMs' batch data the MNO holds: a line on one of them gets its IMSI. */
  async loadSims(sims: readonly { iccid: string; imsi: string }[]): Promise<void> {
    await this.call('PUT', '/admin/sims', {
      sims: sims.map(({ iccid, imsi }) => ({ iccid, imsi })),
    });
  }

  /** Fault: the network provisions the SIM under `imsi` instead of its own. */
  async misreportImsi(iccid: string, imsi: string): Promise<void> {
    await this.call('PUT', `/admin/sims/${iccid}/reported-imsi`, { imsi });
  }

  async clearSimFaults(): Promise<void> {
    await this.call('DELETE', '/admin/sims/faults');
  }

  async provisioned(iccid: string): Promise<{ iccid: string; duplicate?: boolean }[]> {
    return (await this.call('GET', `/admin/provisioned?iccid=${encodeURIComponent(iccid)}`)) as {
      iccid: string;
      duplicate?: boolean;
    }[];
  }

  /** Every line the simulator's network provisioned, duplicates flagged. */
  async allProvisioned(): Promise<{ iccid: string; duplicate?: boolean }[]> {
    return (await this.call('GET', '/admin/provisioned')) as {
      iccid: string;
      duplicate?: boolean;
    }[];
  }

  async ordersFor(activationId: string): Promise<{ id: string; state: string }[]> {
    return (await this.call(
      'GET',
      `/tmf-api/serviceOrdering/v4/serviceOrder?externalId=${encodeURIComponent(activationId)}`,
    )) as { id: string; state: string }[];
  }

  /** The changes the network applied to lines, in order (`GET /admin/effects`). */
  async effects(): Promise<LineEffectSeen[]> {
    return (await this.call('GET', '/admin/effects')) as LineEffectSeen[];
  }

  /** Hub notifications so far: delivered, failed, and withheld while delivery is off. */
  async notificationCounts(): Promise<{ delivered: number; failed: number; withheld: number }> {
    const stats = (await this.call('GET', '/admin/stats')) as {
      notifications: { delivered: number; failed: number; withheld: number };
    };
    return stats.notifications;
  }

  /** Calls per endpoint so far, whatever their outcome (`GET /admin/stats`). */
  async callCounts(): Promise<Record<string, number>> {
    return callTotals(await this.call('GET', '/admin/stats'));
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

/** The totals of a simulator's `/admin/stats` answer: calls per endpoint, whatever their outcome. */
export function callTotals(stats: unknown): Record<string, number> {
  const calls = (stats as { calls: Record<string, { total: number }> }).calls;
  return Object.fromEntries(Object.entries(calls).map(([endpoint, c]) => [endpoint, c.total]));
}
