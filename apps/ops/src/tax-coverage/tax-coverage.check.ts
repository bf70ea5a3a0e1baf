import type { OwnershipMatrix } from '@handoff/ownership';
import type { TaxEnginePort } from '@handoff/tax-engine';
import type { SalesPlace } from './sales-footprint';
import { compareTaxCoverage, type TaxCoverageReport } from './tax-coverage';

/** The same check for the CLI and the API: the footprint read at start, the engine read each time. */
export class TaxCoverageCheck {
  constructor(
    private readonly places: readonly SalesPlace[],
    private readonly engine: Pick<TaxEnginePort, 'listJurisdictions'>,
    private readonly ownership: OwnershipMatrix,
  ) {}

  /** The engine's configuration can change at any time, so every run reads it again. */
  async run(signal?: AbortSignal): Promise<TaxCoverageReport> {
    const configured = await this.engine.listJurisdictions(signal);
    return compareTaxCoverage(this.places, configured, this.ownership);
  }
}
