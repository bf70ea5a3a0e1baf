import { v5 as uuidv5 } from 'uuid';
import type { LedgerEntry } from '@handoff/audit';
import { EventTypes, type PortOutNotified } from '@handoff/contracts';
import type { Backbone, NewEvent } from '@handoff/messaging';
import type { HubNotice } from '@handoff/mno-provisioning';
import type { DataSource } from 'typeorm';
import type { LineRepository } from '../line/line.repository';
import type { SagaCommitter } from '../saga-commit';

const MNO = 'handoff-to-mno';

/** Fixed namespace of the name-based ids of port-out notices (decision 73). */
const PORT_OUT_NAMESPACE = '0b6f3d52-7a0e-4c43-9d1c-5a3c2f6e9b41';

/** What became of a notice: a keyed event, a port-out no line of ours matches, or nothing to do. */
export type HubNoticeOutcome = 'notified' | 'unmatched' | 'ignored';

/** How a notice reached Handoff: the hub's signed callback, or the poll of the MNO's ended lines. */
export type HubNoticeSource = 'callback' | 'poll';

/**
 * The MNO hub's authenticated callbacks, and what the port-out poll finds, turned into keyed events
 * so they take their place in the subscriber's order: a port-out becomes `PortOutNotified` keyed by
 * the subscriber whose line has the number. A line ports out once, so the event's id and request id
 * are named after the MNO's line: a port-out heard by callback and by poll is one event, and the
 * consumer's inbox drops the copy (decision 73). Order state changes are recorded only: the request
 * waiting on the order reads it itself in the retry path (decision 55). Every notice is in the ledger.
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

  async accept(notice: HubNotice, via: HubNoticeSource = 'callback'): Promise<HubNoticeOutcome> {
    const outcome = await this.dataSource.transaction((db) =>
      this.committer.commitWithin(db, undefined, async () => {
        const { outcome, event } = await this.eventOf(db, notice);
        return {
          result: outcome,
          events: event ? [event] : [],
          ledger: [this.entry(notice, via, outcome, event?.subject ?? null)],
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
      requestId: `mno-port-out:${notice.lineId}`,
      subscriberId,
      msisdn: notice.msisdn,
      recipientOperator: notice.recipientOperator,
      portedAt: notice.portedAt,
      receivedAt: Date.now(),
    };
    const id = uuidv5(`port-out:${notice.lineId}`, PORT_OUT_NAMESPACE);
    const event = { id, type: EventTypes.PortOutNotified, subject: subscriberId, data };
    return { outcome: 'notified', event };
  }

  private entry(
    notice: HubNotice,
    via: HubNoticeSource,
    outcome: HubNoticeOutcome,
    subject: string | null,
  ): LedgerEntry {
    const summary = {
      notice: notice.kind,
      ...(notice.kind === 'orderState' ? { orderId: notice.orderId, state: notice.state } : {}),
    };
    const common = {
      occurredAt: new Date(),
      correlationId: notice.noticeId ?? 'mno-hub',
      actor: this.actor,
      integrationPoint: MNO,
      ownerTeam: this.ownerTeam,
      subject,
      outcome,
    };
    return via === 'callback'
      ? {
          ...common,
          kind: 'http-request',
          summary: { operation: 'mnoHubCallback', ...summary },
          httpStatus: 202,
        }
      : { ...common, kind: 'vendor-call', summary: { operation: 'portOutPoll', ...summary } };
  }
}
