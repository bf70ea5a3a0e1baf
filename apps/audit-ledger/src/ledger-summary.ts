/**
 * The few fields of an event worth reading in a trace: ids of the business object, states and
 * reason codes. Never addresses, numbers or tokens; the ledger masks personal data as well, but
 * what is not copied cannot leak.
 */
const SUMMARY_FIELDS = [
  'activationId',
  'requestId',
  'paymentId',
  'orderId',
  'serviceOrderId',
  'taxQuoteId',
  'recordId',
  'planCode',
  'channel',
  'step',
  'state',
  'orderState',
  'purpose',
  'recordType',
  'retryable',
  'attempts',
  'attempt',
  'dunningAttempt',
  'lateArrival',
  'reasonCode',
  'consumerGroup',
  'deadLetterId',
  'replayId',
  'discardId',
  'operator',
] as const;

export function ledgerSummary(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object') return {};
  const fields = data as Record<string, unknown>;
  const summary: Record<string, unknown> = {};
  for (const name of SUMMARY_FIELDS) {
    if (fields[name] !== undefined && fields[name] !== null) summary[name] = fields[name];
  }
  const reason = fields.reason as { code?: unknown } | null | undefined;
  if (typeof reason?.code === 'string') summary.reasonCode = reason.code;
  return summary;
}
