import type {
  Jurisdiction,
  ServiceType,
  TaxRule,
  TransactionType,
} from '../jurisdictions/jurisdiction.types';
import type { JurisdictionLevel, TaxKind } from '../jurisdictions/jurisdiction.types';
import { applyRate, MICROS, rateText, sum } from './tax-math';

export interface ChargeLine {
  ref: string;
  transactionType: TransactionType;
  serviceType: ServiceType;
  /** Minor units; negative in an adjustment that refunds. */
  amount: number;
  /** Lines the charge covers: per-line fees are charged this many times. */
  lines: number;
}

export interface TaxLine {
  level: JurisdictionLevel;
  jurisdictionName: string;
  name: string;
  kind: TaxKind;
  /** Decimal string (`"0.065000"`); null for a fixed per-line fee. */
  rate: string | null;
  taxableAmount: number;
  taxAmount: number;
}

export interface TaxedLine extends ChargeLine {
  taxes: TaxLine[];
  taxAmount: number;
}

export interface TaxTotals {
  amount: number;
  taxAmount: number;
}

/**
 * One tax line per rule that applies, each rounded on its own (a jurisdiction's tax is computed on
 * its own taxable amount, never as a share of a combined rate), and every total the exact sum of
 * the rounded lines below it: what the customer is billed reconciles to the cent with what is filed.
 */
export function taxLines(jurisdiction: Jurisdiction, lines: readonly ChargeLine[]): TaxedLine[] {
  return lines.map((line) => {
    const key = `${line.transactionType}/${line.serviceType}` as const;
    const taxes = jurisdiction.rules
      .filter((rule) => rule.appliesTo.includes(key))
      .map((rule) => taxLine(rule, line));
    return { ...line, taxes, taxAmount: sum(taxes.map((tax) => tax.taxAmount)) };
  });
}

export function totalsOf(lines: readonly TaxedLine[]): TaxTotals {
  return { amount: sum(lines.map((l) => l.amount)), taxAmount: sum(lines.map((l) => l.taxAmount)) };
}

function taxLine(rule: TaxRule, line: ChargeLine): TaxLine {
  const { level, jurisdictionName, name, kind, basis } = rule;
  if (basis.type === 'perLine') {
    // A free plan still owes its 911 fee; only a refund (negative amount) gives it back.
    const sign = line.amount < 0 ? -1 : 1;
    const taxAmount = sign * basis.amountMinor * line.lines;
    return {
      level,
      jurisdictionName,
      name,
      kind,
      rate: null,
      taxableAmount: line.amount,
      taxAmount,
    };
  }
  const taxableAmount = applyRate(line.amount, basis.taxableShareMicros ?? MICROS);
  const taxAmount = applyRate(taxableAmount, basis.rateMicros);
  return {
    level,
    jurisdictionName,
    name,
    kind,
    rate: rateText(basis.rateMicros),
    taxableAmount,
    taxAmount,
  };
}
