import type { LedgerEntry } from '@handoff/audit';
import { EventTypes, type PortOutNotified } from '@handoff/contracts';
import type { Backbone, NewEvent } from '@handoff/messaging';
import type { HubNotice } from '@handoff/mno-provisioning';
import type { DataSource } from 'typeorm';
import type { LineRepository } from '../line/line.repository';
import type { SagaCommitter } from '../saga-commit';

const MNO = 'handoff-to-mno';

/** What became of a callback: a keyed event, a port-out no line of ours matches, or nothing to do. */
export type HubNoticeOutcome = 'notified' | 'unmatched' | 'ignored';

/**
 * The MNO hub's authenticated callbacks, turned into keyed events so they take their place in the
 * subscriber's order: a port-out becomes `PortOutNotified` keyed by the subscriber whose line has
 * the number. Order state changes are recorded only: the request waiting on the order is parked in
 * the retry path and reads the order itself there (decision 55). Every callback is in the ledger.
 */
export class MnoHubNotices {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lines: LineRepository,
    private readonly committer: SagaCommitter,
    private readonly backbone: Backbone,
    private readonly actor: string,
    private readonly ownerTeam: string,
  ) {}

  async accept(notice: HubNotice): Promise<HubNoticeOutcome> {
    const outcome = await this.dataSource.transaction((db) =>
      this.committer.commitWithin(db, undefined, async () => {
        const { outcome, event } = await this.eventOf(db, notice);
        return {
          result: outcome,
          events: event ? [event] : [],
          ledger: [this.entry(notice, outcome, event?.subject ?? null)],
        };
      }),
    );
    if (outcome === 'notified') this.backbone.relay.wake();
    return outcome;
  }

  private async eventOf(
    db: Parameters<LineRepository['subscriberWithNumber']>[0],
    notice: HubNotice,
  ): Promise<{ outcome: HubNoticeOutcome; event?: NewEvent<PortOutNotified> }> {
    if (notice.kind !== 'portOut') return { outcome: 'ignored' };
    const subscriberId = await this.lines.subscriberWithNumber(db, notice.msisdn);
    if (subscriberId === undefined) return { outcome: 'unmatched' };
    const data: PortOutNotified = {
      subjectId: subscriberId,
      requestId: notice.noticeId,
      subscriberId,
      msisdn: notice.msisdn,
      recipientOperator: notice.recipientOperator,
      portedAt: notice.portedAt,
      receivedAt: Date.now(),
    };
    return {
      outcome: 'notified',
      event: { type: EventTypes.PortOutNotified, subject: subscriberId, data },
    };
  }

  private entry(notice: HubNotice, outcome: HubNoticeOutcome, subject: string | null): LedgerEntry {
    return {
      occurredAt: new Date(),
      correlationId: notice.noticeId ?? 'mno-hub',
      kind: 'http-request',
      actor: this.actor,
      integrationPoint: MNO,
      ownerTeam: this.ownerTeam,
      subject,
      summary: {
        operation: 'mnoHubCallback',
        notice: notice.kind,
        ...(notice.kind === 'orderState' ? { orderId: notice.orderId, state: notice.state } : {}),
      },
      outcome,
      httpStatus: 202,
    };
  }
}
