import { randomInt } from 'node:crypto';

/** A line of this run, as the MNO knows it (by IMSI). */
export interface DemoLine {
  subscriberId: string;
  imsi: string;
  /** When it was activated: its records start after. */
  since: Date;
}

/** A discrepancy as `usage reconcile --json` reports it. */
export interface Finding {
  outcome: 'mismatched' | 'only-invoice' | 'only-handoff';
  subscriberId: string | null;
  usageDay: string;
  usageType: 'voice' | 'sms' | 'data';
  invoiceLine: number | null;
  difference: number;
}

interface Cdr {
  id: string;
  imsi: string;
  type: 'voice' | 'sms' | 'data';
  at: Date;
  /** Seconds, messages or bytes (up plus down), in the type's unit. */
  quantity: number;
}

const HOUR = 3_600_000;
/** How much more voice the MNO bills the second line (seconds): a known mismatch. */
const OVERBILLED_SECONDS = 120;
const UNKNOWN_LINE_SECONDS = 42;

export const usageDay = (at: Date) => at.toISOString().slice(0, 10);

function csvLine(c: Cdr): string {
  const direction = c.type === 'data' ? '' : 'mo';
  const seconds = c.type === 'voice' ? c.quantity : '';
  const [up, down] = c.type === 'data' ? [1000, c.quantity - 1000] : ['', ''];
  const messages = c.type === 'sms' ? c.quantity : '';
  const time = c.at.toISOString();
  return `${c.id},${c.type},${c.imsi},,${direction},${time},${seconds},${up},${down},${messages},false,,,`;
}

/**
 * The MNO's file of the day: four records per line (voice, SMS, data, voice), two re-sent, two of
 * the first line that arrive 30 hours late, two for an IMSI no line has yet, one malformed line.
 * What Handoff should make of it is counted here from the records alone.
 */
export function cdrFile(
  prefix: string,
  lines: readonly DemoLine[],
  newcomerImsi: string,
  now: Date,
) {
  const day = usageDay(now);
  const from = Math.max(Date.parse(`${day}T00:00:00Z`), ...lines.map((l) => l.since.getTime()));
  const span = Math.max(1_000, now.getTime() - 1_000 - from);
  let n = 0;
  const cdr = (imsi: string, type: Cdr['type'], quantity: number, at?: Date): Cdr => {
    n += 1;
    return {
      id: `${prefix}-${n}`,
      imsi,
      type,
      quantity,
      at: at ?? new Date(from + (span * n) / 40),
    };
  };
  const today = lines.flatMap((l, i) => [
    cdr(l.imsi, 'voice', 60 + 10 * i),
    cdr(l.imsi, 'sms', 1 + i),
    cdr(l.imsi, 'data', 51_000 * (i + 1)),
    cdr(l.imsi, 'voice', 30),
  ]);
  const late = [0, 1].map((k) =>
    cdr(lines[0].imsi, 'voice', 45, new Date(now.getTime() - 30 * HOUR + k * 60_000)),
  );
  const newcomer = [cdr(newcomerImsi, 'sms', 2), cdr(newcomerImsi, 'data', 8_000)];
  const records = [...today, ...late, ...newcomer];
  const resent = [today[1], today[6]];
  const malformed = `${prefix}-bad,voice,${lines[0].imsi},,mo,yesterday noon,60,,,,false,,,`;
  const csv = [
    'record_id,record_type,imsi,msisdn,direction,start_time,duration_seconds,bytes_up,bytes_down,message_count,roaming,serving_plmn,cell_id,zone',
    ...[...records, ...resent].map(csvLine),
    malformed,
    '',
  ].join('\n');
  const published = records.length;
  return {
    prefix,
    day,
    csv,
    records,
    late,
    expect: {
      import: [published + resent.length + 1, published, resent.length, 1],
      published,
      beforeNewcomer: { guided: published - newcomer.length, recycled: newcomer.length, late: 2 },
      afterNewcomer: { guided: published, recycled: 0, late: 2 },
    },
  };
}

type Sums = Record<Cdr['type'], number>;

/**
 * The MNO's invoice of the day for the lines, from the records, with three known discrepancies:
 * the second line's voice billed 120 s too much, the third line's data not billed, and a line
 * Handoff has never had. The first line's late records (another day) are not on it either.
 */
export function invoiceFile(lines: readonly DemoLine[], records: readonly Cdr[], day: string) {
  const sums = lines.map((l) => {
    const s: Sums = { voice: 0, sms: 0, data: 0 };
    for (const r of records)
      if (r.imsi === l.imsi && usageDay(r.at) === day) s[r.type] += r.quantity;
    return s;
  });
  sums[1].voice += OVERBILLED_SECONDS;
  sums[2].data = 0;
  const unknownImsi = `310260999${String(randomInt(1e6)).padStart(6, '0')}`;
  const rows = [
    ...lines.map(
      (l, i) => `${l.imsi},,${day},${sums[i].voice},${sums[i].sms},${sums[i].data},0,USD`,
    ),
    `${unknownImsi},,${day},${UNKNOWN_LINE_SECONDS},0,0,0,USD`,
  ];
  const csv = [
    'imsi,msisdn,usage_day,voice_seconds,sms_count,data_bytes,charge_minor,currency',
    ...rows,
    '',
  ].join('\n');
  return { csv, unknownLine: rows.length + 1 };
}

/** What reconciling the invoice must find for these lines, and how many of its figures match. */
export function expectedFindings(
  lines: readonly DemoLine[],
  cdrs: ReturnType<typeof cdrFile>,
  invoice: ReturnType<typeof invoiceFile>,
  day: string,
) {
  const thirdData = cdrs.records
    .filter((r) => r.imsi === lines[2].imsi && r.type === 'data' && usageDay(r.at) === day)
    .reduce((sum, r) => sum + r.quantity, 0);
  const finding = (f: Omit<Finding, 'invoiceLine'>) => ({ ...f, invoiceLine: null });
  const findings: Finding[] = [
    {
      ...finding({
        outcome: 'mismatched',
        subscriberId: lines[1].subscriberId,
        usageDay: day,
        usageType: 'voice',
        difference: OVERBILLED_SECONDS,
      }),
      invoiceLine: 3,
    },
    finding({
      outcome: 'only-handoff',
      subscriberId: lines[2].subscriberId,
      usageDay: day,
      usageType: 'data',
      difference: -thirdData,
    }),
    {
      ...finding({
        outcome: 'only-invoice',
        subscriberId: null,
        usageDay: day,
        usageType: 'voice',
        difference: UNKNOWN_LINE_SECONDS,
      }),
      invoiceLine: invoice.unknownLine,
    },
  ];
  // The late records fall on another day: in Handoff only, when that day is in the period.
  const lateDay = usageDay(cdrs.late[0].at);
  if (lateDay.slice(0, 7) === day.slice(0, 7)) {
    const seconds = cdrs.late.reduce((sum, r) => sum + r.quantity, 0);
    findings.push(
      finding({
        outcome: 'only-handoff',
        subscriberId: lines[0].subscriberId,
        usageDay: lateDay,
        usageType: 'voice',
        difference: -seconds,
      }),
    );
  }
  // The three lines' voice, SMS and data less the two that differ, and the newcomer's SMS and data.
  const matched = 3 * 3 - 2 + 2;
  return { findings, matched };
}
