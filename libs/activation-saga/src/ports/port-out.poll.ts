import { randomUUID } from 'node:crypto';
import type {
  HubNotice,
  MnoProvisioningPort,
  PortOut,
  TerminatedLine,
} from '@handoff/mno-provisioning';
import type { DataSource, EntityManager } from 'typeorm';
import type { LineRepository } from '../line/line.repository';
import type { MnoHubNotices } from './mno-hub-notices';
import { MnoPollState } from './mno-poll.state';

const PORT_OUTS = 'port-outs';

/** An ended line whose number left for another operator. */
type PortedOutLine = TerminatedLine & { msisdn: string; portOut: PortOut };

/**
 * Each round reads again what the MNO changed shortly before the last round's latest line: a line
 * the MNO stamped earlier but listed later is still read, and one read twice is dropped (its line is
 * no longer live, or its event is one the consumer already took).
 */
export const PORT_OUT_POLL_OVERLAP_MS = 15 * 60_000;

/** How often the orchestrator polls by default: a port-out is announced within minutes. */
export const DEFAULT_PORT_OUT_POLL_INTERVAL_MS = 5 * 60_000;

export type PortOutPollRound =
  { ran: false } | { ran: true; read: number; portedOut: number; notified: number };

/**
 * The fallback for port-outs when the MNO hub's callbacks stop (docs/lifecycle.md, decision 73):
 * read the lines the MNO ended since the last round (TMF638), keep those whose number left for
 * another operator while Handoff still has the same line (number and SIM) live, and hand each to
 * `MnoHubNotices` as the hub's callback would, so a port-out heard both ways is one event.
 */
export class PortOutPoll {
  private readonly state = new MnoPollState();

  constructor(
    private readonly dataSource: DataSource,
    private readonly lines: LineRepository,
    private readonly mno: Pick<MnoProvisioningPort, 'listTerminatedLines'>,
    private readonly notices: Pick<MnoHubNotices, 'accept'>,
  ) {}

  /** One round, unless another instance is in one or did one less than `minGapMs` ago. */
  round(minGapMs: number, signal?: AbortSignal): Promise<PortOutPollRound> {
    return this.dataSource.transaction(async (db): Promise<PortOutPollRound> => {
      const claim = await this.state.claim(db, PORT_OUTS, minGapMs);
      if (!claim) return { ran: false };
      const since =
        claim.readThrough === null ? undefined : claim.readThrough - PORT_OUT_POLL_OVERLAP_MS;
      const ended = await this.mno.listTerminatedLines(since, signal);
      const portedOut = await this.stillLive(db, ended);
      const roundId = randomUUID();
      let notified = 0;
      for (const line of portedOut) {
        if ((await this.notices.accept(noticeOf(line, roundId), 'poll')) === 'notified')
          notified += 1;
      }
      await this.state.finish(db, PORT_OUTS, ended.at(-1)?.changedAt ?? claim.readThrough);
      return { ran: true, read: ended.length, portedOut: portedOut.length, notified };
    });
  }

  /**
   * The ported-out lines Handoff still has live: same number and same SIM, so a number that left
   * long ago and came back to another subscriber (a later port-in) is not ended by the old line.
   */
  private async stillLive(db: EntityManager, ended: TerminatedLine[]) {
    const portedOut = ended.filter(
      (l): l is PortedOutLine => l.portOut !== null && l.msisdn !== null,
    );
    const live = await this.lines.liveLinesWithNumbers(
      db,
      portedOut.map((l) => l.msisdn),
    );
    return portedOut.filter((l) => live.get(l.msisdn)?.iccid === l.iccid);
  }
}

function noticeOf(line: PortedOutLine, roundId: string): HubNotice {
  return {
    kind: 'portOut',
    noticeId: roundId,
    lineId: line.lineId,
    msisdn: line.msisdn,
    ...line.portOut,
  };
}
