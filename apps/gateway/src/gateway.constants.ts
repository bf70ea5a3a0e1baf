/** The actor named in the audit ledger for everything the gateway does. */
export const GATEWAY_ACTOR = 'handoff/gateway';
/** The integration point dealers cross to reach Handoff (ownership.yaml). */
export const DEALER_INTEGRATION_POINT = 'dealer-portal-to-handoff';
/** The OpenAPI security scheme of dealer API keys. */
export const DEALER_API_KEY_SCHEME = 'dealer-api-key';
