import { Injectable } from '@nestjs/common';

/** A SIM the MNO knows from the SIM vendor's output file: the IMSI personalised on it. */
export interface RegisteredSim {
  iccid: string;
  imsi: string;
}

/**
 * The MNO's own copy of the SIMs' ICCID-to-IMSI mapping, loaded over the admin API from the same
 * batch data the fulfilment partner delivers (a real MNO receives the SIM vendor's output file).
 * A line provisioned on a registered SIM gets that SIM's IMSI, so the IMSIs normally match
 * Handoff's inventory; a fault makes the network report another IMSI for one ICCID, the
 * mis-mapping the inventory must catch. Kept in memory, apart from Handoff's database.
 */
@Injectable()
export class SimRegister {
  private readonly imsis = new Map<string, string>();
  private readonly misreported = new Map<string, string>();

  load(sims: readonly RegisteredSim[]): number {
    for (const sim of sims) this.imsis.set(sim.iccid, sim.imsi);
    return this.imsis.size;
  }

  /** From now on the network reports `imsi` for the SIM, whatever its batch data says. */
  misreport(iccid: string, imsi: string): void {
    this.misreported.set(iccid, imsi);
  }

  /** The IMSI the network gives a line on the SIM; undefined for a SIM it has no data for. */
  imsiFor(iccid: string): string | undefined {
    return this.misreported.get(iccid) ?? this.imsis.get(iccid);
  }

  get(iccid: string): (RegisteredSim & { reportedImsi: string | undefined }) | undefined {
    const imsi = this.imsis.get(iccid);
    if (imsi === undefined) return undefined;
    return { iccid, imsi, reportedImsi: this.misreported.get(iccid) };
  }

  clearFaults(): void {
    this.misreported.clear();
  }

  count(): number {
    return this.imsis.size;
  }
}
