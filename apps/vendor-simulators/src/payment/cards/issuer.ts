import { Injectable } from '@nestjs/common';
import { DECLINES_BY_CODE, issuerAnswer, type IssuerDecline } from './test-cards';

/**
 * What the issuer answers for a payment method: the test token's answer, unless an admin made the
 * card decline from now on (funds gone, card reported stolen), so a test can decline a second
 * authorization on a card whose first was approved. Holds already made are untouched.
 */
@Injectable()
export class Issuer {
  private readonly declining = new Map<string, IssuerDecline>();

  answer(paymentMethod: string): IssuerDecline | undefined {
    return this.declining.get(paymentMethod) ?? issuerAnswer(paymentMethod);
  }

  /** From now on, authorizations on `paymentMethod` are declined with `declineCode`. */
  decline(paymentMethod: string, declineCode: string): void {
    this.declining.set(paymentMethod, DECLINES_BY_CODE[declineCode]);
  }

  /** Back to the token's own answer. */
  restore(paymentMethod: string): void {
    this.declining.delete(paymentMethod);
  }

  clear(): void {
    this.declining.clear();
  }
}
