import { randomUUID } from 'node:crypto';
import {
  ActivationRepository,
  LineRepository,
  PORT_OUT_POLL_OVERLAP_MS,
  PortOutPoll,
  type HubNoticeOutcome,
} from '@handoff/activation-saga';
import type { HubNotice, TerminatedLine } from '@handoff/mno-provisioning';
import { mnoRetryable, MnoErrorCode } from '@handoff/mno-provisioning';
import { newIccid } from '../../support/activation-requests';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

let serial = Math.floor(Math.random() * 1e7);
const newMsisdn = () => `1415${String((serial += 1)).padStart(7, '0')}`;

/** The MNO's inventory as the poll reads it: scripted lines, a read that can be held or failed. */
class ScriptedInventory {
  lines: TerminatedLine[] = [];
  readonly reads: (number | undefined)[] = [];
  hold: Promise<void> | undefined;
  failNext = false;

  async listTerminatedLines(since: number | undefined): Promise<TerminatedLine[]> {
    this.reads.push(since);
    await this.hold;
    if (this.failNext) {
      this.failNext = false;
      throw mnoRetryable(MnoErrorCode.unavailable, 'the MNO answered 503');
    }
    return this.lines.filter((l) => since === undefined || l.changedAt >= since);
  }
}

/** Notices the poll handed on, answered as the hub's path would for a line still live. */
class NoticeSink {
  readonly accepted: HubNotice[] = [];
  async accept(notice: HubNotice, via?: string): Promise<HubNoticeOutcome> {
    expect(via).toBe('poll');
    this.accepted.push(notice);
    return 'notified';
  }
}

const ended = (
  line: { iccid: string; msisdn: string },
  changedAt: number,
  portOut = true,
): TerminatedLine => ({
  lineId: `mno-line-${randomUUID()}`,
  state: 'terminated',
  iccid: line.iccid,
  msisdn: line.msisdn,
  imsi: '310260123456789',
  planCode: 'UNL-5G-30',
  changedAt,
  portOut: portOut ? { recipientOperator: 'RecipientTel', portedAt: changedAt } : null,
});

describe('PortOutPoll (PostgreSQL)', () => {
  let db: TestDatabase;
  let mno: ScriptedInventory;
  let sink: NoticeSink;
  const poll = () => new PortOutPoll(db.dataSource, new LineRepository(), mno, sink);

  beforeAll(async () => {
    db = await migratedDatabase('port_out_poll');
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    mno = new ScriptedInventory();
    sink = new NoticeSink();
    await db.dataSource.query(
      `UPDATE mno_polls SET read_through = NULL, last_round_at = NULL WHERE poll = 'port-outs'`,
    );
  });

  async function liveLine(): Promise<{ subscriberId: string; iccid: string; msisdn: string }> {
    const line = { subscriberId: `sub-${randomUUID()}`, iccid: newIccid(), msisdn: newMsisdn() };
    await new ActivationRepository().createSubscriber(db.dataSource.manager, {
      ...line,
      imsi: '310260123456789',
      planCode: 'UNL-5G-30',
      activationId: `act-${randomUUID()}`,
    });
    return line;
  }

  it('hands on only port-outs of lines Handoff has live with the same number and SIM', async () => {
    const live = await liveLine();
    const numberBackWithAnother = await liveLine();
    const deactivated = await liveLine();
    mno.lines = [
      ended(live, 1_000),
      // The number left long ago on another SIM and later came back to another subscriber.
      ended({ iccid: newIccid(), msisdn: numberBackWithAnother.msisdn }, 2_000),
      // Ended at the MNO, but not by a port-out.
      ended(deactivated, 3_000, false),
      ended({ iccid: newIccid(), msisdn: newMsisdn() }, 4_000),
    ];

    const round = await poll().round(0);

    expect(round).toEqual({ ran: true, read: 4, portedOut: 1, notified: 1 });
    expect(sink.accepted).toEqual([
      expect.objectContaining({
        kind: 'portOut',
        lineId: mno.lines[0].lineId,
        msisdn: live.msisdn,
        recipientOperator: 'RecipientTel',
        portedAt: 1_000,
      }),
    ]);
  });

  it('reads from where the last round got to, less the overlap, and stays there after a failed read', async () => {
    const live = await liveLine();
    mno.lines = [ended(live, 50_000_000)];

    await poll().round(0);
    mno.failNext = true;
    await expect(poll().round(0)).rejects.toMatchObject({ code: MnoErrorCode.unavailable });
    await poll().round(0);

    const from = 50_000_000 - PORT_OUT_POLL_OVERLAP_MS;
    expect(mno.reads).toEqual([undefined, from, from]);
  });

  it('lets one instance poll at a time: a round while another is in one, or just after it, does nothing', async () => {
    let release = () => undefined as void;
    mno.hold = new Promise((resolve) => (release = resolve));
    const first = poll().round(0);
    await waitFor('the first round reading the MNO', () => mno.reads.length === 1 || undefined);

    await expect(poll().round(0)).resolves.toEqual({ ran: false });
    release();
    await expect(first).resolves.toMatchObject({ ran: true });
    await expect(poll().round(60_000)).resolves.toEqual({ ran: false });
    expect(mno.reads).toHaveLength(1);
  });
});
