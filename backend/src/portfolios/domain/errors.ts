import type { Dec } from './money';

/**
 * A disposal (sale, withdrawal, transfer, fee) needs more units than the portfolio held at that moment. The message
 * prints both amounts exactly: rounded to 8 decimals, 1 requested against 0.9999999999999 held would read
 * "cannot remove 1: only 1 held".
 */
export class InsufficientHoldingsError extends Error {
  constructor(
    readonly transactionId: string,
    readonly asset: string,
    readonly time: Date,
    readonly requested: Dec,
    readonly held: Dec,
  ) {
    super(`Cannot remove ${requested.toFixed()} ${asset} on ${time.toISOString()}: only ${held.toFixed()} ${asset} held at that time`);
    this.name = 'InsufficientHoldingsError';
  }
}

/** A transaction whose numbers make no sense on their own (e.g. a fee larger than the units received). */
export class InvalidTransactionError extends Error {
  constructor(
    readonly transactionId: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTransactionError';
  }
}
