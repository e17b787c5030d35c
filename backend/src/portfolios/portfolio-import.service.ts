import { Injectable } from '@nestjs/common';
import { InvalidError, LimitReachedError, TooLargeError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { InsufficientHoldingsError, InvalidTransactionError } from './domain/errors';
import { serializeHoldings, valueHoldings } from './domain/holdings';
import { COINCAST_COLUMNS, parseImportCsvAsync, toCsv, type ImportPresetName, type ImportedRow } from './import/csv-import';
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
    const holdings = serializeHoldings(valueHoldings(ledger, await this.ledger.currentPrices([...ledger.positions.keys()])), portfolio.baseCurrency);
    if (format === 'json') return { contentType: 'application/json', filename: `${stem}.json`, body: JSON.stringify(holdings, null, 2) };
    const columns = ['asset', 'quantity', 'average_cost', 'cost_basis', 'price', 'value', 'unrealized_pnl', 'realized_pnl', 'allocation_pct'];
    const body = toCsv(
      columns,
      holdings.holdings.map((h) => [h.asset, h.quantity, h.averageCost, h.costBasis, h.price, h.value, h.unrealizedPnl, h.realizedPnl, h.allocationPct]),
    );
    return { contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv`, body };
  }
}
