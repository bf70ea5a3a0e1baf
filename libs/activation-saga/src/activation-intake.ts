/**
 * The integration point an activation came in through: the dealer portal's for a dealer's, the
 * BSS's otherwise. Its team owns the activation while nothing else (a hold, a failure) does.
 */
export function intakePointOf(a: { dealerId: string | null }): string {
  return a.dealerId ? 'dealer-portal-to-handoff' : 'bss-to-handoff';
}
