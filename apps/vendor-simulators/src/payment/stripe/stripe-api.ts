/** The simulated processor's API root, modelled on Stripe's (https://docs.stripe.com/api/payment_intents). */
export const PAYMENT_API_BASE_PATH = 'v1';
