/** A vendor call a consumer group makes when it handles an event of some type. */
export interface VendorCall {
  vendor: string;
  /** The vendor endpoint: one HTTP call. */
  call: string;
  /** The step of the handler the call belongs to: a replayed saga resumes where its row stopped. */
  step: string;
  when: string;
}

/**
 * What a replay sets in motion at the vendors, so on-call knows before pressing the button: per
 * consumer group, the calls its handler makes for each event type. The handlers' owners declare them
 * (the orchestrator's: `ORCHESTRATOR_VENDOR_CALLS` of `@handoff/activation-saga`) and the service
 * wiring passes them in. A group listed without an entry for a type calls no vendor for it.
 */
export type VendorCallCatalogue = Readonly<
  Record<string, Readonly<Record<string, readonly VendorCall[]>>>
>;

/**
 * The calls a replay to this group would make, or null when the group declared none: a dry run says
 * "not declared" instead of promising that nothing is called.
 */
export function vendorCallsFor(
  catalogue: VendorCallCatalogue,
  group: string,
  eventType: string | null,
): readonly VendorCall[] | null {
  const byType = catalogue[group];
  if (!byType) return null;
  return (eventType && byType[eventType]) || [];
}
