/** MCC 310 (USA), MNC 260: the IMSI prefix of this simulated network. */
export const IMSI_PREFIX = '310260';
/** Assigned numbers: NANP area code 628, never reused within a run, reset or not. */
const MSISDN_PREFIX = '1628';
const MSISDN_FIRST = 2_000_000;

/** Hands out unique IMSIs and MSISDNs, sequentially so a test run is easy to read. */
export class NumberPool {
  private imsiSequence = 0;
  private msisdnSequence = MSISDN_FIRST;

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
