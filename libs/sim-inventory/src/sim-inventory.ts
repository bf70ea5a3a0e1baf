import type { EntityManager } from 'typeorm';
import type { NewEvent } from '@handoff/messaging';
import { activationRefusal, type SimRefusal } from './sim';
import { simImsiMismatchDetected } from './sim-events';
import type { SimInventorySettings } from './sim-inventory.config';
import { SimInventoryRepository } from './sim-inventory.repository';

/** The integration point that owns the inventory, its rejections and its mismatches. */
export const FULFILMENT_INTEGRATION_POINT = 'fulfilment-to-handoff';

/** A line as the MNO has it once an order completed: the SIM it is on, the IMSI it reported. */
export interface LineOnSim {
  iccid: string;
  subscriberId: string;
  imsi: string | null;
  /** The activation that provisioned it; null when a SIM swap moved the line onto the SIM. */
  activationId: string | null;
}

/**
 * What the saga asks of the inventory, in the saga's transaction: may this SIM be activated (when
 * the checks are on), and the SIM moves that follow the line at the MNO (always: a SIM the
 * inventory does not hold is left alone).
 */
export class SimInventory {
  constructor(
    private readonly settings: SimInventorySettings,
    private readonly repository = new SimInventoryRepository(),
  ) {}

  get checks(): boolean {
    return this.settings.checks;
  }

  /** Why activation must refuse the SIM; undefined when it may go on, or the checks are off. */
  async activationRefusal(
    db: EntityManager,
    request: { iccid: string; dealerId: string | null },
  ): Promise<SimRefusal | undefined> {
    if (!this.settings.checks) return undefined;
    return activationRefusal(await this.repository.find(db, request.iccid), request.dealerId);
  }

  /**
   * Why a SIM swap must refuse the new SIM; undefined when it may go on, or the checks are off.
   * Swaps come from the BSS only (the request names no dealer), so the rules are a BSS
   * activation's: any SIM in stock or shipped.
   */
  swapRefusal(db: EntityManager, newIccid: string): Promise<SimRefusal | undefined> {
    return this.activationRefusal(db, { iccid: newIccid, dealerId: null });
  }

  /** The line was provisioned on the SIM: active, and fulfilment told if the IMSIs differ. */
  async lineProvisioned(db: EntityManager, line: LineOnSim): Promise<NewEvent[]> {
    const mismatch = await this.repository.activate(db, {
      iccid: line.iccid,
      subscriberId: line.subscriberId,
      mnoImsi: line.imsi,
    });
    return mismatch ? [simImsiMismatchDetected(mismatch, line)] : [];
  }

  /** The line moved off `oldIccid` onto the SIM of `line`. */
  async simSwapped(db: EntityManager, oldIccid: string, line: LineOnSim): Promise<NewEvent[]> {
    await this.repository.move(db, oldIccid, 'swappedOut');
    return this.lineProvisioned(db, line);
  }

  /** The line ended for good (deactivated, ported out): its SIM is never activated again. */
  async lineEnded(db: EntityManager, iccid: string): Promise<void> {
    await this.repository.move(db, iccid, 'deactivated');
  }
}
