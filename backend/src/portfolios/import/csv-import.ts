import { createHash } from 'node:crypto';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { parseSymbol } from '../../markets/symbols';
import { Dec } from '../domain/money';
import { QUOTE_CURRENCIES, TRANSACTION_TYPES, type TransactionType } from '../domain/types';

/**
 * Pure CSV parsing for imports: text in, normalised rows (or row errors with line numbers) out.
 * No database, no Nest: the service adds the checks that need state (known assets, duplicates, holdings).
 */

export type ImportPresetName = 'coincast' | 'binance';

/** Columns of the Coincast format (also what the CSV export writes, so an export re-imports as is). */
export const COINCAST_COLUMNS = ['type', 'time', 'asset', 'quantity', 'price', 'fee_amount', 'fee_currency', 'note'] as const;

/** A proposed transaction before it is stored (validated fields, amounts as decimal strings). */
export interface TransactionDraft {
  type: TransactionType;
  time: Date;
  asset: string;
  quantity: string;
  price: string;
  feeAmount: string | null;
  feeCurrency: string | null;
  note: string | null;
}

export interface ImportedRow extends TransactionDraft {
  /** Line in the file (the header is line 1). */
  line: number;
  /** Content hash: identical rows of a re-imported file hash identically. */
  hash: string;
}

export interface RowError {
  line: number;
  message: string;
}

export interface ParsedImport {
  rows: ImportedRow[];
  errors: RowError[];
  /** Data rows read (valid or not). */
  total: number;
}

class RowProblem extends Error {}

function decimal(value: string | undefined, field: string, { positive = false, optional = false } = {}): string | null {
  const raw = (value ?? '').trim().replace(/,/g, '');
  if (raw === '') {
    if (optional) return null;
    throw new RowProblem(`${field} is missing`);
  }
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new RowProblem(`${field} '${value}' is not a decimal number`);
  const parsed = new Dec(raw);
  if (positive && !parsed.greaterThan(0)) throw new RowProblem(`${field} must be greater than 0`);
  return parsed.toFixed();
}

function timestamp(value: string | undefined, field: string): Date {
  const raw = (value ?? '').trim();
  // Binance writes "2024-03-01 10:00:00" in UTC without a zone; ISO strings without zone are taken as UTC too.
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw;
  const time = new Date(iso);
  if (raw === '' || Number.isNaN(time.getTime())) throw new RowProblem(`${field} '${raw}' is not a date (use ISO 8601, e.g. 2024-03-01T10:00:00Z)`);
  return time;
}

function assetSymbol(value: string | undefined, field: string): string {
  const raw = (value ?? '').trim().toUpperCase();
  if (!/^[A-Z0-9]{1,20}$/.test(raw)) throw new RowProblem(`${field} '${value ?? ''}' is not an asset symbol like BTC`);
  return raw;
}

/** "0.00100000BTC" → { amount: "0.001", unit: "BTC" } (Binance's newer export suffixes units). */
function amountWithUnit(value: string | undefined, field: string): { amount: string; unit: string | null } {
  const raw = (value ?? '').trim().replace(/,/g, '');
  // The unit either follows whitespace or starts with a letter, so digits are never shared between the amount and the
  // unit (the former `\d+…\s*[A-Za-z0-9]*` backtracked quadratically on a long digit run).
  const match = /^(\d+(?:\.\d+)?)(?:\s+([A-Za-z0-9]+)|([A-Za-z][A-Za-z0-9]*))?$/.exec(raw);
  if (!match) throw new RowProblem(`${field} '${value ?? ''}' is not an amount like 0.001BTC`);
  const unit = match[2] ?? match[3];
  return { amount: new Dec(match[1]!).toFixed(), unit: unit ? unit.toUpperCase() : null };
}

type Record = { [column: string]: string | undefined };

function coincastRow(record: Record): Omit<ImportedRow, 'line' | 'hash'> {
  const type = (record.type ?? '').trim().toLowerCase();
  if (!(TRANSACTION_TYPES as readonly string[]).includes(type)) {
    throw new RowProblem(`type '${record.type ?? ''}' must be one of ${TRANSACTION_TYPES.join(', ')}`);
  }
  const feeAmount = decimal(record.fee_amount ?? record.feeamount, 'fee_amount', { optional: true });
  const feeCurrencyRaw = (record.fee_currency ?? record.feecurrency ?? '').trim();
  return {
    type: type as TransactionType,
    time: timestamp(record.time, 'time'),
    asset: assetSymbol(record.asset, 'asset'),
    quantity: decimal(record.quantity, 'quantity', { positive: true })!,
    price: decimal(record.price, 'price', { optional: true }) ?? '0',
    feeAmount: feeAmount !== null && new Dec(feeAmount).isZero() ? null : feeAmount,
    feeCurrency: feeAmount !== null && feeCurrencyRaw !== '' ? assetSymbol(feeCurrencyRaw, 'fee_currency') : null,
    note: (record.note ?? '').trim() || null,
  };
}

/**
 * Binance "Trade History" export. Two layouts exist:
 *   Date(UTC), Pair, Side, Price, Executed, Amount, Fee          (amounts suffixed with their unit)
 *   Date(UTC), Market, Type, Price, Amount, Total, Fee, Fee Coin  (older)
 */
function binanceRow(record: Record): Omit<ImportedRow, 'line' | 'hash'> {
  const pairText = record.pair ?? record.market ?? record.symbol;
  const symbol = parseSymbol(pairText ?? '');
  if (!symbol) throw new RowProblem(`pair '${pairText ?? ''}' is not a market like BTCUSDT`);
  const [base, quote] = symbol.split('/') as [string, string];
  if (!QUOTE_CURRENCIES.has(quote)) throw new RowProblem(`pair ${base}/${quote}: only USDT and USD markets can be imported`);
  const sideText = (record.side ?? record.type ?? '').trim().toLowerCase();
  if (sideText !== 'buy' && sideText !== 'sell') throw new RowProblem(`side '${sideText}' must be BUY or SELL`);
  const time = timestamp(record['date(utc)'] ?? record.date ?? record.time, 'Date(UTC)');
  const price = decimal(record.price, 'Price', { positive: true })!;
  let quantity: string;
  let fee: { amount: string; unit: string | null };
  if (record.executed !== undefined) {
    const executed = amountWithUnit(record.executed, 'Executed');
    if (executed.unit && executed.unit !== base) throw new RowProblem(`Executed is in ${executed.unit}, expected ${base}`);
    quantity = executed.amount;
    fee = amountWithUnit(record.fee || '0', 'Fee');
  } else {
    quantity = decimal(record.amount, 'Amount', { positive: true })!;
    fee = { amount: decimal(record.fee, 'Fee', { optional: true }) ?? '0', unit: (record['fee coin'] ?? '').trim().toUpperCase() || null };
  }
  if (!new Dec(quantity).greaterThan(0)) throw new RowProblem('quantity must be greater than 0');
  const feeIsZero = new Dec(fee.amount).isZero();
  return {
    type: sideText,
    time,
    asset: base,
    quantity,
    price,
    feeAmount: feeIsZero ? null : fee.amount,
    feeCurrency: feeIsZero ? null : (fee.unit ?? quote),
    note: null,
  };
}

function contentKey(row: Omit<ImportedRow, 'line' | 'hash'>): string {
  return [row.type, row.time.toISOString(), row.asset, row.quantity, row.price, row.feeAmount ?? '', row.feeCurrency ?? '', row.note ?? ''].join('|');
}

/**
 * Longest cell accepted, checked before any regular expression sees a cell: nothing in a transaction needs more
 * (notes included), and a bounded input keeps every per-cell step cheap whatever the pattern.
 */
export const MAX_CELL_CHARS = 1_000;

const PARSE_OPTIONS = { relax_column_count: true, skip_empty_lines: true, trim: true, info: true } as const;
type ParsedRecord = { record: string[]; info: { lines: number } };

/** Turns csv-parse records into rows and row errors, one record at a time (shared by the sync and async parsers). */
class RowReader {
  readonly rows: ImportedRow[] = [];
  readonly errors: RowError[] = [];
  total = 0;
  private header?: string[];
  private readonly occurrences = new Map<string, number>();
  /** Set when the header is unusable: the whole import is refused with this error. */
  fatal?: RowError;

  constructor(private readonly preset: ImportPresetName) {}

  push({ record: raw, info }: ParsedRecord): void {
    if (this.fatal) {
      this.total++;
      return;
    }
    const line = info.lines;
    const cells = raw.map(unneutralise);
    const long = cells.findIndex((cell) => cell.length > MAX_CELL_CHARS);
    if (!this.header) {
      if (long >= 0) {
        this.fatal = { line, message: `Header column ${long + 1} is ${cells[long]!.length} characters long; at most ${MAX_CELL_CHARS}` };
        return;
      }
      const header = cells.map((h) => h.trim().toLowerCase().replace(/\s+/g, ' '));
      const required = this.preset === 'coincast' ? ['type', 'time', 'asset', 'quantity'] : ['price'];
      const missing = required.filter((column) => !header.includes(column));
      if (missing.length > 0) this.fatal = { line: 1, message: `Missing column(s) ${missing.join(', ')} for the ${this.preset} preset` };
      this.header = header;
      return;
    }
    this.total++;
    if (long >= 0) {
      this.errors.push({ line, message: `${this.header[long] ?? `column ${long + 1}`} is ${cells[long]!.length} characters long; at most ${MAX_CELL_CHARS}` });
      return;
    }
    const record: Record = {};
    this.header.forEach((column, i) => (record[column] = cells[i]));
    try {
      const row = this.preset === 'coincast' ? coincastRow(record) : binanceRow(record);
      const key = contentKey(row);
      const occurrence = (this.occurrences.get(key) ?? 0) + 1;
      this.occurrences.set(key, occurrence);
      const hash = createHash('sha256').update(`${key}#${occurrence}`).digest('hex');
      this.rows.push({ ...row, line, hash });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      this.errors.push({ line, message: error.message });
    }
  }

  result(): ParsedImport {
    if (!this.header) return { rows: [], errors: [{ line: 1, message: 'The file is empty' }], total: 0 };
    if (this.fatal) return { rows: [], errors: [this.fatal], total: this.total };
    return { rows: this.rows, errors: this.errors, total: this.total };
  }
}

const unreadable = (error: unknown): ParsedImport => ({
  rows: [],
  errors: [{ line: 1, message: `Not a readable CSV file: ${(error as Error).message}` }],
  total: 0,
});

/**
 * Parses a CSV export. Header names are matched case-insensitively. Identical rows within one file are legitimate
 * (two fills of the same size in the same second), so the hash includes the row's occurrence number among its
 * identical twins: re-importing the same file yields the same hashes, and nothing is added twice.
 */
export function parseImportCsv(csv: string, preset: ImportPresetName): ParsedImport {
  let records: ParsedRecord[];
  try {
    // `info` gives each record's line in the file, so skipped blank lines and quoted newlines don't shift numbers.
    records = parse(csv.replace(/^\uFEFF/, ''), PARSE_OPTIONS);
  } catch (error) {
    return unreadable(error);
  }
  const reader = new RowReader(preset);
  for (const record of records) reader.push(record);
  return reader.result();
}

/** Characters handed to the streaming parser between two yields to the event loop (a few dozen rows, ~2 ms). */
const CHUNK_CHARS = 2_048;

/**
 * The same result as parseImportCsv, without holding the event loop: the text is fed to csv-parse's streaming parser
 * in small chunks and the event loop gets a turn after each, so a 20,000-row import never blocks other requests for
 * more than a few milliseconds at a time.
 */
export async function parseImportCsvAsync(csv: string, preset: ImportPresetName): Promise<ParsedImport> {
  const text = csv.replace(/^\uFEFF/, '');
  const reader = new RowReader(preset);
  const parser = parseStream(PARSE_OPTIONS);
  let failure: unknown;
  parser.on('readable', () => {
    let record: ParsedRecord | null;
    while ((record = parser.read() as ParsedRecord | null) !== null) reader.push(record);
  });
  parser.on('error', (error) => (failure = error));
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  for (let offset = 0; offset < text.length && failure === undefined; offset += CHUNK_CHARS) {
    parser.write(text.slice(offset, offset + CHUNK_CHARS));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (failure === undefined) parser.end();
  await ended;
  return failure === undefined ? reader.result() : unreadable(failure);
}

/** A cell a spreadsheet would run as a formula (or that hides one behind a control character). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this must catch
const FORMULA_START = /^[=+\-@\u0000-\u001f]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * CSV injection: a cell starting with = + - @ or a control character is prefixed with an apostrophe, which
 * spreadsheets show as text and never evaluate. Plain numbers (-12.5) are left alone: no spreadsheet runs them.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The inverse on import, so an exported file re-imports with the original text. */
function unneutralise(cell: string): string {
  return cell.length > 1 && cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** RFC 4180 field quoting for exports, after formula neutralisation. */
export function csvField(value: string | number | null | undefined): string {
  const text = neutraliseCell(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return [columns.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n') + '\n';
}
