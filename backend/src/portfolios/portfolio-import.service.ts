import { BadRequestException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { InsufficientHoldingsError, InvalidTransactionError } from './domain/errors';
import { serializeHoldings, valueHoldings } from './domain/holdings';
import { COINCAST_COLUMNS, parseImportCsvAsync, toCsv, type ImportPresetName, type ImportedRow } from './import/csv-import';
import { PortfolioTransaction } from './portfolio.entity';
import type { ImportResultDto } from './portfolios.dto';
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
    @InjectDataSource() private readonly db: DataSource,
    private readonly portfolios: PortfoliosService,
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
      throw new PayloadTooLargeException(`The CSV is ${bytes} bytes; one import takes at most ${maxBytes} bytes. Split the file and import the parts.`);
    }
    // Chunked: a large import yields to the event loop every ~100 rows (see parseImportCsvAsync).
    const parsed = await parseImportCsvAsync(csv, preset);
    const dataRows = parsed.rows.length + parsed.errors.length;
    const maxRows = this.config.env.IMPORT_MAX_ROWS;
    if (dataRows > maxRows) {
      throw new BadRequestException(`The CSV has ${dataRows} data rows; one import takes at most ${maxRows}. Split the file and import the parts.`);
    }
    const errors = [...parsed.errors];
    const valid: ImportedRow[] = [];
    for (const row of parsed.rows) {
      try {
        await this.portfolios.validateDraft({ ...row });
        valid.push(row);
      } catch (error) {
        if (!(error instanceof BadRequestException)) throw error;
        const body = error.getResponse() as { details?: string[]; message?: string };
        errors.push({ line: row.line, message: (body.details ?? [String(body.message)]).join('; ') });
      }
    }

    const outcome = await this.db.transaction(async (manager) => {
      await this.portfolios.lockUser(manager, userId);
      await this.portfolios.findPortfolio(manager, userId, portfolioId);
      const existing = new Set<string>();
      for (let i = 0; i < valid.length; i += 1000) {
        const hashes = valid.slice(i, i + 1000).map((row) => row.hash);
        const found = await manager.find(PortfolioTransaction, { select: { importHash: true }, where: { portfolioId, importHash: In(hashes) } });
        for (const row of found) existing.add(row.importHash!);
      }
      let fresh = valid.filter((row) => !existing.has(row.hash));
      const duplicates = valid.length - fresh.length;
      await this.portfolios.assertTransactionRoom(manager, portfolioId, fresh.length);

      // Holdings check over the whole history in one replay: a row selling more than held is reported and left
      // out (as if absent, so later rows are judged without it); a broken existing transaction refuses the file.
      const scope = await this.portfolios.loadScope(manager, userId, portfolioId);
      const candidate = fresh.map((row) => ({ ...this.portfolios.newRow(userId, portfolioId, row, row.hash), id: `line-${row.line}` }) as PortfolioTransaction);
      const rejected = new Set<number>();
      try {
        this.portfolios.replay(scope.portfolios, [...scope.rows, ...candidate], {
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
        throw new BadRequestException({
          message: `Importing this file would invalidate an existing transaction: ${error.message}`,
          details: [error.message],
        });
      }
      fresh = fresh.filter((row) => !rejected.has(row.line));

      if (dryRun || fresh.length === 0) return { toAdd: fresh.length, duplicates, added: 0 };
      let added = 0;
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const chunk = fresh.slice(i, i + INSERT_CHUNK).map((row) => this.portfolios.newRow(userId, portfolioId, row, row.hash));
        // ON CONFLICT DO NOTHING on the unique hash index: a concurrent import of the same file adds nothing twice.
        const result = await manager.createQueryBuilder().insert().into(PortfolioTransaction).values(chunk).orIgnore().execute();
        // RETURNING lists only the rows actually inserted (conflicting ones are skipped).
        added += Array.isArray(result.raw) ? result.raw.length : chunk.length;
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
    const portfolio = await this.portfolios.findPortfolio(this.db.manager, userId, portfolioId);
    const stem = `${portfolio.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'portfolio'}-${what}`;
    if (what === 'transactions') {
      const dtos = (await this.portfolios.transactionRows(userId, portfolioId, 'ASC')).map(toTransactionDto);
      if (format === 'json') return { contentType: 'application/json', filename: `${stem}.json`, body: JSON.stringify(dtos, null, 2) };
      // The Coincast import columns, so an export can be imported again (transfers become external transfers).
      const body = toCsv(COINCAST_COLUMNS, dtos.map((t) => [t.type, t.time, t.asset, t.quantity, t.price, t.feeAmount, t.feeCurrency, t.note]));
      return { contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv`, body };
    }
    const ledger = await this.portfolios.ledgerOf(userId, portfolioId);
    const holdings = serializeHoldings(valueHoldings(ledger, await this.portfolios.currentPrices([...ledger.positions.keys()])), portfolio.baseCurrency);
    if (format === 'json') return { contentType: 'application/json', filename: `${stem}.json`, body: JSON.stringify(holdings, null, 2) };
    const columns = ['asset', 'quantity', 'average_cost', 'cost_basis', 'price', 'value', 'unrealized_pnl', 'realized_pnl', 'allocation_pct'];
    const body = toCsv(
      columns,
      holdings.holdings.map((h) => [h.asset, h.quantity, h.averageCost, h.costBasis, h.price, h.value, h.unrealizedPnl, h.realizedPnl, h.allocationPct]),
    );
    return { contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv`, body };
  }
}
