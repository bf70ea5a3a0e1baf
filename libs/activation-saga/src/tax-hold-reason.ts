/** The row's reason while an activation waits for the tax configuration to be fixed. */
export const TAX_HOLD_REASON = 'TAX_JURISDICTION_UNRESOLVED';
