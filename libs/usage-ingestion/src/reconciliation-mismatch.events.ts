import { v5 as uuidv5 } from 'uuid';
import { EventTypes, type UsageReconciliationMismatch } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { Discrepancy } from './invoice-reconciliation';

/** Fixed forever: the same finding of the same invoice is always the same event. */
const MISMATCH_NAMESPACE = '8b1f0c3e-2d47-5e9a-b6c1-7a3d9e0f4b52';

const OUTCOMES = {
  mismatched: 'mismatched',
  'only-invoice': 'onlyInvoice',
  'only-handoff': 'onlyHandoff',
} as const;

export interface MismatchContext {
  period: string;
  invoiceSha256: string;
  runId: string;
  at: Date;
}

/**
 * The dispute event of one discrepancy with a subscriber (a line Handoff never had is in the
 * report only: there is no subscriber to key it by). Its id is derived from the invoice's digest
 * and the finding, so reconciling the same invoice again against the same usage publishes the
 * same events, which consumers drop.
 */
export function mismatchEvent(
  found: Discrepancy & { subscriberId: string },
  context: MismatchContext,
): NewEvent<UsageReconciliationMismatch> {
  const { subscriberId, usageDay, usageType } = found;
  const key = [
    context.invoiceSha256,
    subscriberId,
    usageDay,
    usageType,
    found.invoice,
    found.handoff,
  ];
  return {
    id: uuidv5(key.join('/'), MISMATCH_NAMESPACE),
    type: EventTypes.UsageReconciliationMismatch,
    subject: subscriberId,
    data: {
      subjectId: subscriberId,
      subscriberId,
      period: context.period,
      usageDay,
      usageType,
      outcome: OUTCOMES[found.outcome],
      invoiceQuantity: found.invoice,
      handoffQuantity: found.handoff,
      difference: found.difference,
      invoiceLine: found.invoiceLine,
      invoiceSha256: context.invoiceSha256,
      runId: context.runId,
      reconciledAt: context.at.getTime(),
    },
  };
}
