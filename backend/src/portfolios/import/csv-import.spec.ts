import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, parseImportCsv, parseImportCsvAsync, toCsv } from './csv-import';

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
      {
        line: 2,
        type: 'buy',
        time: '2024-01-01T10:00:00.000Z',
        asset: 'BTC',
        quantity: '1.5',
        price: '42000.5',
        feeAmount: '10',
        feeCurrency: 'USDT',
        note: 'first buy',
        hashLength: 64,
      },
      {
        line: 3,
        type: 'income',
        time: '2024-01-02T08:00:00.000Z',
        asset: 'ETH',
        quantity: '0.1',
        price: '0',
        feeAmount: null,
        feeCurrency: null,
        note: 'staking',
        hashLength: 64,
      },
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
    const csv = toCsv(
      ['type', 'time', 'asset', 'quantity', 'price', 'fee_amount', 'fee_currency', 'note'],
      [['buy', '2024-01-01T00:00:00.000Z', 'BTC', '1', '100', null, null, 'says "hi", twice']],
    );
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
    const csv =
      'Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-01 00:00:00,ETHBTC,BUY,0.05,1ETH,0.05BTC,0\n2024-01-01 00:00:00,BTCUSDT,HOLD,1,1BTC,1USDT,0\n';
    const parsed = parseImportCsv(csv, 'binance');
    expect(parsed.errors).toEqual([
      { line: 2, message: 'pair ETH/BTC: only USDT and USD markets can be imported' },
      { line: 3, message: "side 'hold' must be BUY or SELL" },
    ]);
  });
});

describe('parsing limits and CSV injection (issue 14)', () => {
  const header = 'Date(UTC),Pair,Side,Price,Executed,Amount,Fee';

  it('refuses an over-long cell before any pattern runs, in well under a second even at 1.4 MB', () => {
    const started = performance.now();
    const parsed = parseImportCsv(`${header}\n2024-01-01 00:00:00,BTCUSDT,BUY,1,${'1'.repeat(1_400_000)}!,1,1`, 'binance');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(parsed.errors).toEqual([{ line: 2, message: `executed is 1400001 characters long; at most ${MAX_CELL_CHARS}` }]);
  });

  it('reads amounts whose unit follows a space or starts with a letter (the unit pattern shares no digits with the amount)', () => {
    const ok = parseImportCsv(
      `${header}\n2024-01-01 00:00:00,BTCUSDT,BUY,100,0.5 BTC,50,0.1 USDT\n2024-01-01 00:00:01,BTCUSDT,BUY,100,0.5BTC,50,0.1USDT`,
      'binance',
    );
    expect(ok.errors).toEqual([]);
    expect(ok.rows.map((row) => [row.quantity, row.feeAmount, row.feeCurrency])).toEqual([
      ['0.5', '0.1', 'USDT'],
      ['0.5', '0.1', 'USDT'],
    ]);
  });

  it('the async parser gives the same result and never holds the event loop long (20,000 rows)', async () => {
    const rows = ['type,time,asset,quantity,price,fee_amount,fee_currency,note'];
    for (let i = 0; i < 20_000; i++) rows.push(`buy,2024-01-01T10:00:${String(i % 60).padStart(2, '0')}Z,BTC,1.5,42000.5,10,USDT,row ${i}`);
    const csv = rows.join('\n');
    let longest = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const parsed = await parseImportCsvAsync(csv, 'coincast');
    clearInterval(probe);
    expect(parsed.rows).toHaveLength(20_000);
    expect(parsed).toEqual(parseImportCsv(csv, 'coincast'));
    // Sync parsing of this file holds the loop ~1 s; chunked (2 KB, a few dozen rows at ~50 µs each) the longest stall
    // is a few ms on an idle machine and stays well under 100 ms on this shared, overloaded one.
    expect(longest).toBeLessThan(100);
  });

  it('neutralises cells that a spreadsheet would run as a formula, and reads them back unchanged', () => {
    const notes = ['=HYPERLINK("http://x")', '+1+cmd|calc', '-2+3', '@SUM(A1)', '\tx', '\r=1', 'plain', '-12.5'];
    const csv = toCsv(
      ['type', 'time', 'asset', 'quantity', 'note'],
      notes.map((note) => ['buy', '2024-01-01T00:00:00Z', 'BTC', '1', note]),
    );
    const cells = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(4).join(','));
    expect(cells.slice(0, 6).every((cell) => cell.replace(/^"/, '').startsWith("'"))).toBe(true);
    expect(cells.slice(6)).toEqual(['plain', '-12.5']);
    expect(parseImportCsv(csv, 'coincast').rows.map((row) => row.note)).toEqual(notes.map((note) => note.trim()));
  });
});
