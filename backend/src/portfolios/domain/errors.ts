import { formatDecimal, type Dec } from './money';

/** A disposal (sale, withdrawal, transfer, fee) needs more units than the portfolio held at that moment. */
export class InsufficientHoldingsError extends Error {
  constructor(
    readonly transactionId: string,
    readonly asset: string,
    readonly time: Date,
    readonly requested: Dec,
    readonly held: Dec,
  ) {
    super(`Cannot remove ${formatDecimal(requested)} ${asset} on ${time.toISOString()}: ` + `only ${formatDecimal(held)} ${asset} held at that time`);
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
