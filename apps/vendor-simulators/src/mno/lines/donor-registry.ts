import { Injectable } from '@nestjs/common';
import type { PortInDetails, Refusal } from './line.types';

/** A number the donor operator holds, with what it asks of whoever ports it out. */
export interface DonorAccount {
  msisdn: string;
  accountNumber?: string;
  pin?: string;
}

/**
 * The donor operators' side of a port-in. A number nobody registered is released on request (the
 * lenient donor, so activations that port a number in keep working); a registered one is released
 * only when the port-in quotes its account number and PIN.
 */
@Injectable()
export class DonorRegistry {
  private readonly accounts = new Map<string, DonorAccount>();

  register(account: DonorAccount): DonorAccount {
    this.accounts.set(account.msisdn, account);
    return account;
  }

  list(): DonorAccount[] {
    return [...this.accounts.values()];
  }

  /** The donor's answer: undefined when it releases the number, else why it refuses. */
  answer(msisdn: string, request: PortInDetails): Refusal | undefined {
    const account = this.accounts.get(msisdn);
    if (!account) return undefined;
    if (account.accountNumber !== undefined && request.accountNumber !== account.accountNumber) {
      return {
        code: 'PORT_IN_ACCOUNT_MISMATCH',
        reason: 'Donor rejected the port-in',
        message: 'the account number does not match the donor operator’s records',
      };
    }
    if (account.pin !== undefined && request.pin !== account.pin) {
      return {
        code: 'PORT_IN_PIN_MISMATCH',
        reason: 'Donor rejected the port-in',
        message: 'the port-out PIN does not match the donor operator’s records',
      };
    }
    return undefined;
  }

  clear(): void {
    this.accounts.clear();
  }
}
