import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InvalidError, LimitReachedError, TooLargeError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { InsufficientHoldingsError, InvalidTransactionError } from './domain/errors';
import { serializeHoldings, valueHoldings } from './domain/holdings';
import { Dec } from './domain/money';
import { COINCAST_COLUMNS, parseImportCsvAsync, toCsv, type ImportPresetName, type ImportedRow, type TransactionDraft } from './import/csv-import';
import { PortfolioLedgerService } from './portfolio-ledger.service';
import { PortfolioTransactionsRepository } from './portfolio-transactions.repository';
import { PortfolioTransaction } from './portfolio.entity';
import type { ImportResultDto } from './portfolios.dto';
import { PortfoliosRepository } from './portfolios.repository';
import { PortfoliosService, toTransactionDto } from './portfolios.service';

/** Rows inserted per statement. */
const INSERT_CHUNK = 500;

export interface ExportFile {
  contentType: string;
  filename: string;
  body: string;
}

/** A transaction from an outside source (an exchange account), with the source's own id for it. */
export interface ExternalRow extends TransactionDraft {
  /** Unique within the source (e.g. `trade:BTC/USDT:28457`): the row's identity across repeated imports. */
  key: string;
}

export interface ExternalImportResult {
  added: number;
  /** Rows the portfolio already holds from an earlier import of the same source. */
  duplicates: number;
  /** Rows the ledger refused, with its reason. */
  skipped: Array<{ key: string; reason: string }>;
  /** Rows held back because a manual transaction of the same asset, type and quantity lies within a minute of them. */
  conflicts: Array<{ key: string; manualTransactionId: string }>;
}

/** How close in time a manual transaction must be to an imported one to count as the same event. */
const CONFLICT_WINDOW_MS = 60_000;

@Injectable()
export class PortfolioImportService {
  constructor(
    private readonly portfolios: PortfoliosService,
    private readonly portfolioRows: PortfoliosRepository,
    private readonly transactions: PortfolioTransactionsRepository,
    private readonly ledger: PortfolioLedgerService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Imports a CSV: rows with problems are reported with their line and skipped, rows already imported (same
   * content hash) are counted as duplicates, the rest are added in one database transaction. A dry run answers
   * the same counts and errors without writing.
   */
  async import(userId: string, portfolioId: string, csv: string, preset: ImportPresetName, dryRun: boolean): Promise<ImportResultDto> {
    const maxBytes = this.config.env.IMPORT_MAX_BYTES;
    const bytes = Buffer.byteLength(csv, 'utf8');
    if (bytes > maxBytes) {
      throw new TooLargeError(`The CSV is ${bytes} bytes; one import takes at most ${maxBytes} bytes. Split the file and import the parts.`);
    }
    // Chunked: a large import yields to the event loop every ~100 rows (see parseImportCsvAsync).
    const parsed = await parseImportCsvAsync(csv, preset);
    const dataRows = parsed.rows.length + parsed.errors.length;
    const maxRows = this.config.env.IMPORT_MAX_ROWS;
    if (dataRows > maxRows) {
      throw new LimitReachedError(`The CSV has ${dataRows} data rows; one import takes at most ${maxRows}. Split the file and import the parts.`);
    }
    const errors = [...parsed.errors];
    const valid: ImportedRow[] = [];
    for (const row of parsed.rows) {
      const { problems } = await this.ledger.checkDraft({ ...row });
      if (problems.length === 0) valid.push(row);
      else errors.push({ line: row.line, message: problems.map((problem) => problem.message).join('; ') });
    }

    const outcome = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      const existing = await this.transactions.existingImportHashes(
        manager,
        portfolioId,
        valid.map((row) => row.hash),
      );
      let fresh = valid.filter((row) => !existing.has(row.hash));
      const duplicates = valid.length - fresh.length;
      await this.ledger.assertTransactionRoom(manager, portfolioId, fresh.length);

      // Holdings check over the whole history in one replay: a row selling more than held is reported and left
      // out (as if absent, so later rows are judged without it); a broken existing transaction refuses the file.
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);
      const candidate = fresh.map((row) => ({ ...this.ledger.newRow(userId, portfolioId, row, row.hash), id: `line-${row.line}` }) as PortfolioTransaction);
      const rejected = new Set<number>();
      try {
        this.ledger.replay(scope.portfolios, [...scope.rows, ...candidate], {
          skipFailed: (tx, error) => {
            if (!tx.id.startsWith('line-')) return false;
            const line = Number(tx.id.slice(5));
            rejected.add(line);
            errors.push({ line, message: error.message });
            return true;
          },
        });
      } catch (error) {
        if (!(error instanceof InsufficientHoldingsError) && !(error instanceof InvalidTransactionError)) throw error;
        throw new InvalidError(`Importing this file would invalidate an existing transaction: ${error.message}`, [{ field: '', message: error.message }]);
      }
      fresh = fresh.filter((row) => !rejected.has(row.line));

      if (dryRun || fresh.length === 0) return { toAdd: fresh.length, duplicates, added: 0 };
      let added = 0;
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const chunk = fresh.slice(i, i + INSERT_CHUNK).map((row) => this.ledger.newRow(userId, portfolioId, row, row.hash));
        // Rows a concurrent import of the same file already added are skipped (unique hash index).
        added += await this.transactions.insertImported(manager, chunk);
      }
      return { toAdd: fresh.length, duplicates, added };
    });

    if (!dryRun && outcome.added > 0) await this.portfolios.notifyChanged(userId, [portfolioId]);
    errors.sort((a, b) => a.line - b.line);
    return {
      total: parsed.total,
      toAdd: outcome.toAdd,
      duplicates: outcome.duplicates,
      errors,
      ...(dryRun ? {} : { added: outcome.added }),
    };
  }

  /**
   * Imports rows from an outside source through the same checks and duplicate detection as a CSV import: the
   * import hash is derived from `sourceKey` and each row's key, so a repeated import adds nothing. Rows the ledger
   * refuses are reported as skipped; rows that look like a manual entry (same asset, type and quantity, within a
   * minute) are held back as conflicts unless `acceptConflicts`.
   */
  async importExternal(
    userId: string,
    portfolioId: string,
    rows: ExternalRow[],
    sourceKey: string,
    options: { acceptConflicts?: boolean } = {},
  ): Promise<ExternalImportResult> {
    const result: ExternalImportResult = { added: 0, duplicates: 0, skipped: [], conflicts: [] };
    if (rows.length === 0) return result;
    const valid: Array<{ key: string; hash: string; draft: TransactionDraft }> = [];
    for (const row of rows) {
      const { key, ...draft } = row;
      const checked = await this.ledger.checkDraft(draft);
      if (checked.problems.length > 0) result.skipped.push({ key, reason: checked.problems.map((problem) => problem.message).join('; ') });
      else valid.push({ key, hash: createHash('sha256').update(`${sourceKey}#${key}`).digest('hex'), draft: checked.draft });
    }
    await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      const existing = await this.transactions.existingImportHashes(
        manager,
        portfolioId,
        valid.map((row) => row.hash),
      );
      let fresh = valid.filter((row) => !existing.has(row.hash));
      result.duplicates = valid.length - fresh.length;
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);

      if (!options.acceptConflicts) {
        const manual = new Map<string, PortfolioTransaction[]>();
        for (const tx of scope.rows) {
          if (tx.portfolioId !== portfolioId || tx.importHash !== null) continue;
          const slot = `${tx.asset}|${tx.type}`;
          manual.set(slot, [...(manual.get(slot) ?? []), tx]);
        }
        fresh = fresh.filter((row) => {
          const twin = manual
            .get(`${row.draft.asset}|${row.draft.type}`)
            ?.find((tx) => Math.abs(tx.time.getTime() - row.draft.time.getTime()) <= CONFLICT_WINDOW_MS && new Dec(tx.quantity).equals(row.draft.quantity));
          if (twin) result.conflicts.push({ key: row.key, manualTransactionId: twin.id });
          return !twin;
        });
      }
      await this.ledger.assertTransactionRoom(manager, portfolioId, fresh.length);

      const candidate = fresh.map(
        (row, index) => ({ ...this.ledger.newRow(userId, portfolioId, row.draft, row.hash), id: `ext-${index}` }) as PortfolioTransaction,
      );
      const rejected = new Set<number>();
      try {
        this.ledger.replay(scope.portfolios, [...scope.rows, ...candidate], {
          skipFailed: (tx, error) => {
            if (!tx.id.startsWith('ext-')) return false;
            const index = Number(tx.id.slice(4));
            rejected.add(index);
            result.skipped.push({ key: fresh[index]!.key, reason: error.message });
            return true;
          },
        });
      } catch (error) {
        if (!(error instanceof InsufficientHoldingsError) && !(error instanceof InvalidTransactionError)) throw error;
        throw new InvalidError(`Importing these rows would invalidate an existing transaction: ${error.message}`, [{ field: '', message: error.message }]);
      }
      fresh = fresh.filter((_, index) => !rejected.has(index));
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const chunk = fresh.slice(i, i + INSERT_CHUNK).map((row) => this.ledger.newRow(userId, portfolioId, row.draft, row.hash));
        result.added += await this.transactions.insertImported(manager, chunk);
      }
    });
    if (result.added > 0) await this.portfolios.notifyChanged(userId, [portfolioId]);
    return result;
  }

  async export(userId: string, portfolioId: string, format: 'csv' | 'json', what: 'transactions' | 'holdings'): Promise<ExportFile> {
    const portfolio = await this.portfolioRows.getOwned(userId, portfolioId);
    const stem = `${portfolio.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'portfolio'}-${what}`;
    if (what === 'transactions') {
      const dtos = (await this.transactions.rows(userId, portfolioId, 'ASC')).map(toTransactionDto);
      if (format === 'json') return { contentType: 'application/json', filename: `${stem}.json`, body: JSON.stringify(dtos, null, 2) };
      // The Coincast import columns, so an export can be imported again (transfers become external transfers).
      const body = toCsv(
        COINCAST_COLUMNS,
        dtos.map((t) => [t.type, t.time, t.asset, t.quantity, t.price, t.feeAmount, t.feeCurrency, t.note]),
      );
      return { contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv`, body };
    }
    const ledger = await this.ledger.ledgerOf(userId, portfolioId);
    const { prices, closeDays } = await this.ledger.pricesWithAge([...ledger.positions.keys()]);
    const holdings = serializeHoldings(valueHoldings(ledger, prices, closeDays), portfolio.baseCurrency);
    if (format === 'json') return { contentType: 'application/json', filename: `${stem}.json`, body: JSON.stringify(holdings, null, 2) };
    const columns = ['asset', 'quantity', 'average_cost', 'cost_basis', 'price', 'value', 'unrealized_pnl', 'realized_pnl', 'allocation_pct'];
    const body = toCsv(
      columns,
      holdings.holdings.map((h) => [h.asset, h.quantity, h.averageCost, h.costBasis, h.price, h.value, h.unrealizedPnl, h.realizedPnl, h.allocationPct]),
    );
    return { contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv`, body };
  }
}
