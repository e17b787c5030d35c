import { describe, expect, it } from 'vitest';
import { parseImportCsv, toCsv } from './csv-import';

describe('parseImportCsv (coincast preset)', () => {
  it('reads the documented columns, normalising numbers, symbols and times', () => {
    const csv = [
      'Type,Time,Asset,Quantity,Price,Fee_Amount,Fee_Currency,Note',
      'buy,2024-01-01T10:00:00Z,btc,1.50000000,"42,000.5",10,usdt,first buy',
      'income,2024-01-02 08:00:00,ETH,0.1,,,,staking',
    ].join('\n');
    const parsed = parseImportCsv(csv, 'coincast');
    expect(parsed.errors).toEqual([]);
    expect(parsed.total).toBe(2);
    expect(parsed.rows.map(({ hash, ...row }) => ({ ...row, time: row.time.toISOString(), hashLength: hash.length }))).toEqual([
      { line: 2, type: 'buy', time: '2024-01-01T10:00:00.000Z', asset: 'BTC', quantity: '1.5', price: '42000.5', feeAmount: '10', feeCurrency: 'USDT', note: 'first buy', hashLength: 64 },
      { line: 3, type: 'income', time: '2024-01-02T08:00:00.000Z', asset: 'ETH', quantity: '0.1', price: '0', feeAmount: null, feeCurrency: null, note: 'staking', hashLength: 64 },
    ]);
  });

  it('reports each bad row with its line number and keeps the good ones', () => {
    const csv = [
      'type,time,asset,quantity,price',
      'buy,2024-01-01T00:00:00Z,BTC,1,100',
      'swap,2024-01-01T00:00:00Z,BTC,1,100',
      'buy,not a date,BTC,1,100',
      'buy,2024-01-01T00:00:00Z,BTC,-1,100',
      'buy,2024-01-01T00:00:00Z,BTC,0,100',
      'buy,2024-01-01T00:00:00Z,B-T-C,1,100',
      '',
      'sell,2024-01-02T00:00:00Z,BTC,0.5,abc',
    ].join('\n');
    const parsed = parseImportCsv(csv, 'coincast');
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 9]);
    expect(parsed.errors[0]!.message).toContain("type 'swap' must be one of");
    expect(parsed.errors[1]!.message).toContain("time 'not a date' is not a date");
    expect(parsed.errors[2]!.message).toContain("quantity '-1' is not a decimal number");
    expect(parsed.errors[3]!.message).toBe('quantity must be greater than 0');
    expect(parsed.errors[5]!.message).toContain("price 'abc'");
  });

  it('refuses a file without the required columns', () => {
    const parsed = parseImportCsv('date,coin,amount\n2024-01-01,BTC,1\n', 'coincast');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([{ line: 1, message: 'Missing column(s) type, time, asset, quantity for the coincast preset' }]);
  });

  it('gives identical rows in one file distinct hashes, and the same hashes when the file is read again', () => {
    const csv = 'type,time,asset,quantity,price\nbuy,2024-01-01T00:00:00Z,BTC,1,100\nbuy,2024-01-01T00:00:00Z,BTC,1,100\n';
    const first = parseImportCsv(csv, 'coincast').rows.map((r) => r.hash);
    const second = parseImportCsv(csv, 'coincast').rows.map((r) => r.hash);
    expect(new Set(first).size).toBe(2);
    expect(second).toEqual(first);
    // Formatting differences that do not change the content do not change the hash.
    const reformatted = 'TYPE,TIME,ASSET,QUANTITY,PRICE\nBUY,2024-01-01 00:00:00,btc,1.000,100.0\nbuy,2024-01-01T00:00:00.000Z,BTC,1,100\n';
    expect(parseImportCsv(reformatted, 'coincast').rows.map((r) => r.hash)).toEqual(first);
  });

  it('reads back what the export writes', () => {
    const csv = toCsv(['type', 'time', 'asset', 'quantity', 'price', 'fee_amount', 'fee_currency', 'note'], [
      ['buy', '2024-01-01T00:00:00.000Z', 'BTC', '1', '100', null, null, 'says "hi", twice'],
    ]);
    const parsed = parseImportCsv(csv, 'coincast');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]!.note).toBe('says "hi", twice');
  });
});

describe('parseImportCsv (binance preset)', () => {
  it('reads the current Trade History layout (units suffixed to amounts)', () => {
    const csv = [
      '"Date(UTC)","Pair","Side","Price","Executed","Amount","Fee"',
      '"2024-03-01 10:00:00","BTCUSDT","BUY","60,000.00","0.00100000BTC","60.00000000USDT","0.00000100BTC"',
      '"2024-03-02 11:30:00","ETHUSDT","SELL","3500.5","0.5ETH","1750.25USDT","0.00123BNB"',
    ].join('\n');
    const parsed = parseImportCsv(csv, 'binance');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.type, r.time.toISOString(), r.asset, r.quantity, r.price, r.feeAmount, r.feeCurrency])).toEqual([
      [2, 'buy', '2024-03-01T10:00:00.000Z', 'BTC', '0.001', '60000', '0.000001', 'BTC'],
      [3, 'sell', '2024-03-02T11:30:00.000Z', 'ETH', '0.5', '3500.5', '0.00123', 'BNB'],
    ]);
  });

  it('reads the older layout with a Fee Coin column', () => {
    const csv = 'Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin\n2021-05-01 12:00:00,ETHUSDT,SELL,2900,2,5800,5.8,USDT\n';
    const parsed = parseImportCsv(csv, 'binance');
    expect(parsed.rows.map((r) => [r.type, r.asset, r.quantity, r.price, r.feeAmount, r.feeCurrency])).toEqual([['sell', 'ETH', '2', '2900', '5.8', 'USDT']]);
  });

  it('refuses pairs not quoted in USDT/USD and unknown sides, by line', () => {
    const csv = 'Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-01 00:00:00,ETHBTC,BUY,0.05,1ETH,0.05BTC,0\n2024-01-01 00:00:00,BTCUSDT,HOLD,1,1BTC,1USDT,0\n';
    const parsed = parseImportCsv(csv, 'binance');
    expect(parsed.errors).toEqual([
      { line: 2, message: 'pair ETH/BTC: only USDT and USD markets can be imported' },
      { line: 3, message: "side 'hold' must be BUY or SELL" },
    ]);
  });
});
