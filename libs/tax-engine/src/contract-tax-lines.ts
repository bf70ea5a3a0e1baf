import type {
  TaxCategory,
  TaxJurisdictionLevel as ContractLevel,
  TaxLine as ContractTaxLine,
} from '@handoff/contracts';
import type { TaxDocument, TaxLine } from './tax-engine.port';

/**
 * The engine's lines in the events' terms (`handoff.common.TaxLine`), for every service that
 * announces tax: the saga's tax events, the payments service's captures, declines and refunds.
 * The engine names the document's jurisdiction only, not one per line, and no code per tax type:
 * each line carries the document's jurisdiction code (its level and jurisdiction name say who
 * levies it) and the engine's name of the tax as its code. `lines` defaults to the document's own;
 * an adjustment's lines (a refund's, negative) are passed in.
 */
export function contractTaxLines(
  document: Pick<TaxDocument, 'jurisdiction' | 'currency' | 'lines'>,
  lines: readonly TaxLine[] = document.lines,
): ContractTaxLine[] {
  const money = (amountMinor: number) => ({ amountMinor, currency: document.currency });
  return lines.map((line) => ({
    chargeCode: chargeCodeOf(line.chargeRef),
    level: LEVELS[line.level],
    jurisdictionCode: document.jurisdiction.code,
    jurisdictionName: line.jurisdictionName,
    category: categoryOf(line),
    taxCode: line.name,
    description: line.name,
    // Informational only in the contract; the amounts are the authoritative figures.
    rate: line.rate === null ? null : Number(line.rate),
    taxableAmount: money(line.taxableAmountMinor),
    taxAmount: money(line.taxAmountMinor),
  }));
}

const LEVELS: Record<TaxLine['level'], ContractLevel> = {
  federal: 'federal',
  state: 'state',
  county: 'county',
  city: 'city',
  district: 'local',
};

/** Charge refs are `<n>:<chargeCode>` (unique per request, `n` the line): the charge code. */
function chargeCodeOf(chargeRef: string): string {
  return chargeRef.slice(chargeRef.indexOf(':') + 1);
}

function categoryOf(line: TaxLine): TaxCategory {
  const name = line.name.toLowerCase();
  if (name.includes('911')) return 'e911Fee';
  if (name.includes('universal service')) return 'universalServiceFund';
  if (line.kind === 'regulatoryFee') return 'regulatoryFee';
  if (name.includes('sales')) return 'salesAndUse';
  if (name.includes('excise')) return 'excise';
  return 'other';
}
