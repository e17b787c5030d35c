import { describe, expect, it } from 'vitest';
import { parseSymbol, toPathSymbol } from './symbols';

describe('parseSymbol', () => {
  it.each([
    ['BTC-USDT', 'BTC/USDT'],
    ['BTC/USDT', 'BTC/USDT'],
    ['btc_usdt', 'BTC/USDT'],
    ['BTCUSDT', 'BTC/USDT'],
    ['ETHBTC', 'ETH/BTC'],
    ['SOLFDUSD', 'SOL/FDUSD'],
    [' 1000SATSUSDT ', '1000SATS/USDT'],
  ])('%s → %s', (input, expected) => {
    expect(parseSymbol(input)).toBe(expected);
  });

  it.each(['', 'USDT', 'BTC', 'BTC-', 'BTC/USDT/X', '$$', 'BTC USDT', 'A'.repeat(30)])('rejects %j', (input) => {
    expect(parseSymbol(input)).toBeUndefined();
  });

  it('writes path symbols with a dash', () => {
    expect(toPathSymbol('BTC/USDT')).toBe('BTC-USDT');
  });
});
