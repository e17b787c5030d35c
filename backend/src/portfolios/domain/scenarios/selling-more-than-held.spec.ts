import { describe, expect, it } from 'vitest';
import { InsufficientHoldingsError, InvalidTransactionError } from '../errors';
import { replayLedger } from '../ledger';
import { s, tx } from './scenario-helpers';

function replayExpectingError(transactions: ReturnType<typeof tx>[]): InsufficientHoldingsError {
  try {
    replayLedger({ id: 'p', costBasisMethod: 'fifo' }, transactions);
  } catch (error) {
    if (error instanceof InsufficientHoldingsError) return error;
    throw error;
  }
  throw new Error('expected the replay to be refused');
}

describe('scenario: selling more than held is refused, reporting what was held', () => {
  it('a second sale larger than the remainder is refused with the held quantity', () => {
    const error = replayExpectingError([
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100'),
      tx('p', 'sell', '2024-01-02T00:00:00Z', 'BTC', '0.6', '100'),
      tx('p', 'sell', '2024-01-03T00:00:00Z', 'BTC', '0.6', '100', { id: 'second-sale' }),
    ]);
    expect(error.transactionId).toBe('second-sale');
    expect(s(error.held)).toBe('0.4');
    expect(s(error.requested)).toBe('0.6');
    expect(error.message).toBe('Cannot remove 0.6 BTC on 2024-01-03T00:00:00.000Z: only 0.4 BTC held at that time');
  });

  it('holdings are checked at the time of the sale, not today', () => {
    const error = replayExpectingError([
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100'),
      tx('p', 'sell', '2024-01-15T00:00:00Z', 'BTC', '1.5', '100', { id: 'early-sale' }),
      tx('p', 'buy', '2024-02-01T00:00:00Z', 'BTC', '1', '100'),
    ]);
    expect(error.transactionId).toBe('early-sale');
    expect(s(error.held)).toBe('1');
  });

  it('a fee paid in the asset counts towards what is removed', () => {
    const error = replayExpectingError([
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100'),
      tx('p', 'withdraw', '2024-01-02T00:00:00Z', 'BTC', '1', '0', { fee: '0.0001', feeCurrency: 'BTC' }),
    ]);
    expect(s(error.requested)).toBe('1.0001');
    expect(s(error.held)).toBe('1');
  });

  it('a fee paid in another asset must be held too (e.g. BNB)', () => {
    const error = replayExpectingError([tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100', { fee: '0.01', feeCurrency: 'BNB' })]);
    expect(error.asset).toBe('BNB');
    expect(s(error.held)).toBe('0');
  });

  it('selling exactly what is held is fine, and a buy at the same second as the sale counts', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, [
      tx('p', 'sell', '2024-01-01T00:00:00Z', 'BTC', '1', '110'),
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100'),
    ]);
    expect(s(ledger.positions.get('BTC')!.quantity)).toBe('0');
    expect(s(ledger.realized[0]!.realizedPnl)).toBe('10');
  });

  it('a fee in the received asset cannot exceed what was received', () => {
    expect(() =>
      replayLedger({ id: 'p', costBasisMethod: 'average' }, [tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100', { fee: '1', feeCurrency: 'BTC' })]),
    ).toThrow(InvalidTransactionError);
  });
});
