import { HttpException } from '@nestjs/common';

/** An error answer with a vendor-style code; each simulator's formatter shapes the body on the wire. */
export class SimulatorError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly reason: string,
    message: string,
  ) {
    super(message, status);
  }
}

/**
 * An answer written byte for byte, bypassing JSON serialisation: the only way to send a body that
 * is not valid JSON, which is what a malformed-answer fault is for.
 */
export class RawAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super('raw answer');
  }
}

/** What a simulator's error formatter is given to build its vendor's error body. */
export interface ErrorDescription {
  status: number;
  code: string;
  reason: string;
  message: string;
}

export type ErrorBodyFormatter = (error: ErrorDescription) => unknown;
