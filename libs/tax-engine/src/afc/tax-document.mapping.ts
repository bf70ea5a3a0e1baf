import type { z } from 'zod';
import { malformedResponse, type TaxEndpoint } from '../tax-engine.errors';
import type { TaxCharge, TaxDocument, TaxLine } from '../tax-engine.port';
import type { WireTaxDocument, WireTaxedLine } from './tax-document.wire';

/** Parses and validates a body; anything off-contract is a permanent `TAX.MALFORMED_RESPONSE`. */
export function parseBody<S extends z.ZodTypeAny>(
  endpoint: TaxEndpoint,
  text: string,
  schema: S,
): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformedResponse(endpoint, 'not JSON', error);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data as z.infer<S>;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw malformedResponse(endpoint, issues.join('; '), result.error);
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * Our tax lines, after checking that every total the engine sent is the exact sum of the lines
 * under it: an answer that does not reconcile to the cent is refused, never billed.
 */
function toTaxLines(endpoint: TaxEndpoint, lines: readonly WireTaxedLine[]): TaxLine[] {
  return lines.flatMap((line) => {
    if (line.taxAmount !== sum(line.taxes.map((tax) => tax.taxAmount))) {
      throw malformedResponse(endpoint, `line ${line.ref}: its taxes do not sum to its tax amount`);
    }
    return line.taxes.map((tax) => ({
      chargeRef: line.ref,
      level: tax.level,
      jurisdictionName: tax.jurisdictionName,
      name: tax.name,
      kind: tax.kind,
      rate: tax.rate,
      taxableAmountMinor: tax.taxableAmount,
      taxAmountMinor: tax.taxAmount,
    }));
  });
}

function reconciled(
  endpoint: TaxEndpoint,
  lines: readonly WireTaxedLine[],
  totals: WireTaxDocument['totals'],
) {
  const taxLines = toTaxLines(endpoint, lines);
  const taxTotalMinor = sum(taxLines.map((line) => line.taxAmountMinor));
  const chargesTotalMinor = sum(lines.map((line) => line.amount));
  if (taxTotalMinor !== totals.taxAmount || chargesTotalMinor !== totals.amount) {
    throw malformedResponse(endpoint, 'the totals are not the sum of the lines');
  }
  return { lines: taxLines, taxTotalMinor, chargesTotalMinor };
}

export function toTaxDocument(wire: WireTaxDocument, endpoint: TaxEndpoint): TaxDocument {
  const main = reconciled(endpoint, wire.lines, wire.totals);
  const adjustments = wire.adjustments.map((adjustment) => ({
    adjustmentCode: adjustment.adjustmentCode,
    reason: adjustment.reason,
    ...reconciled(endpoint, adjustment.lines, adjustment.totals),
  }));
  return {
    documentCode: wire.documentCode,
    state: wire.status,
    transactionDate: wire.transactionDate,
    currency: wire.currency,
    jurisdiction: { code: wire.jurisdiction.code, name: wire.jurisdiction.name },
    coverage: main.lines.length > 0 ? 'taxed' : 'untaxed',
    chargesTotalMinor: main.chargesTotalMinor,
    taxTotalMinor: main.taxTotalMinor,
    lines: main.lines,
    adjustments,
    netTaxMinor: main.taxTotalMinor + sum(adjustments.map((a) => a.taxTotalMinor)),
  };
}

/** The engine's lines are for exactly our charges, at our amounts, in our currency. */
export function chargesMatch(
  wire: WireTaxDocument,
  currency: string,
  charges: readonly TaxCharge[],
): boolean {
  if (wire.currency !== currency || wire.lines.length !== charges.length) return false;
  return charges.every((charge) =>
    wire.lines.some((line) => line.ref === charge.ref && line.amount === charge.amountMinor),
  );
}
