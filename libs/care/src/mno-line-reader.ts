import type { MnoProvisioningPort } from '@handoff/mno-provisioning';
import type { CareSettings } from './care.config';
import type { LineAtMno } from './care-view';

/** The one MNO call care makes: reading a line, never ordering anything. */
export type MnoLineLookup = Pick<MnoProvisioningPort, 'findLine'>;

const MAX_REMEMBERED = 10_000;

function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'MNO.UNAVAILABLE';
}

/**
 * Reads a line at the MNO by its ICCID, within a deadline, answering with what the MNO said (or
 * that it could not be asked) rather than failing the look-up. A line read is reused for
 * `lineReadReuseMs` by later look-ups, so opening a subscriber's view again does not call the MNO
 * again; a fresh read (rate-limited by the caller) replaces it. Identifiers stay raw here: the
 * view masks them.
 */
export class MnoLineReader {
  private readonly remembered = new Map<string, LineAtMno>();

  constructor(
    private readonly mno: MnoLineLookup,
    private readonly settings: CareSettings,
  ) {}

  async read(iccid: string, fresh: boolean, now: Date = new Date()): Promise<LineAtMno> {
    const known = this.remembered.get(iccid);
    const reusable =
      known &&
      known.read !== 'failed' &&
      now.getTime() - known.readAt.getTime() < this.settings.lineReadReuseMs;
    if (!fresh && reusable) return known;
    const answer = await this.ask(iccid);
    this.remember(iccid, answer);
    return answer;
  }

  private async ask(iccid: string): Promise<LineAtMno> {
    const readAt = new Date();
    try {
      const line = await this.mno.findLine(
        { iccid },
        AbortSignal.timeout(this.settings.mnoReadTimeoutMs),
      );
      if (!line) return { read: 'not-found', readAt };
      return { read: 'found', readAt, ...line };
    } catch (error) {
      return { read: 'failed', readAt, errorCode: errorCodeOf(error) };
    }
  }

  private remember(iccid: string, answer: LineAtMno): void {
    this.remembered.delete(iccid);
    this.remembered.set(iccid, answer);
    // A Map iterates in insertion order: the first key is the line read longest ago.
    if (this.remembered.size > MAX_REMEMBERED) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }
}
