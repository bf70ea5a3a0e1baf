/** MCC 310 (USA), MNC 260: the IMSI prefix of this simulated network. */
export const IMSI_PREFIX = '310260';
/** Assigned numbers: NANP area code 628, never reused within a run, reset or not. */
const MSISDN_PREFIX = '1628';
const MSISDN_FIRST = 2_000_000;
/** Numbers one simulator start may hand out before it runs into the next start's block. */
const MSISDN_BLOCK = 10_000;
const MSISDN_BLOCKS = 799;

/**
 * Each start hands out numbers from a block of its own, chosen by the second it started (the same
 * block again only 799 seconds later): a database that outlives the simulator (the demo's, run
 * twice; one test file after another) never sees a number it holds for an earlier line assigned
 * again to a new one, which a number-keyed notice (a port-out) would then find twice.
 */
export function firstMsisdnSequence(startedAtMs: number): number {
  return MSISDN_FIRST + blockOf(startedAtMs) * MSISDN_BLOCK;
}

/** IMSIs the same way (usage records are matched to lines by IMSI). */
const IMSI_BLOCK = 1_000_000;

const blockOf = (startedAtMs: number) => Math.floor(startedAtMs / 1000) % MSISDN_BLOCKS;

/** Hands out unique IMSIs and MSISDNs, sequentially so a test run is easy to read. */
export class NumberPool {
  private imsiSequence: number;
  private msisdnSequence: number;

  constructor(startedAtMs: number = Date.now()) {
    this.imsiSequence = blockOf(startedAtMs) * IMSI_BLOCK;
    this.msisdnSequence = firstMsisdnSequence(startedAtMs);
  }

  nextImsi(): string {
    this.imsiSequence += 1;
    return `${IMSI_PREFIX}${String(this.imsiSequence).padStart(9, '0')}`;
  }

  /** The next number not `taken`: a caller may have requested one of ours explicitly. */
  nextMsisdn(taken: (msisdn: string) => boolean): string {
    let msisdn: string;
    do {
      this.msisdnSequence += 1;
      msisdn = `${MSISDN_PREFIX}${this.msisdnSequence}`;
    } while (taken(msisdn));
    return msisdn;
  }
}
