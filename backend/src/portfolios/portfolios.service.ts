import { AppConfig } from '../config/app-config';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InvalidError, LimitReachedError, NotFoundError } from '../common/domain-errors';
import { CLOCK, Clock } from '../infra/ports';
import { serializeHoldings, valueHoldings, type HoldingsResponse } from './domain/holdings';
import type { PortfolioLedger } from './domain/ledger';
import { dec } from './domain/money';
import { addDays, computePerformance, serializePerformance, utcDay } from './domain/performance';
import { InvalidRangeError, resolveRange, type ResolvedRange } from './domain/ranges';
import { isCashAsset, isValuationCurrency, parValue } from './domain/assets';
import { PortfolioLedgerService } from './portfolio-ledger.service';
import { PORTFOLIO_PRICES, type PortfolioPriceSource } from './portfolio-prices';
import { PortfolioTransactionsRepository } from './portfolio-transactions.repository';
import { Portfolio, PortfolioTransaction } from './portfolio.entity';
import { PortfoliosRepository } from './portfolios.repository';
import type {
  CreatePortfolioDto,
  CreateTransactionDto,
  PerformanceDto,
  PerformanceQueryDto,
  PortfolioDto,
  TransactionDto,
  UpdatePortfolioDto,
  UpdateTransactionDto,
} from './portfolios.dto';

/** Notified after any change to a portfolio's transactions (live valuation drops its cached state). */
export const PORTFOLIO_CHANGE_LISTENER = Symbol('PORTFOLIO_CHANGE_LISTENER');
export interface PortfolioChangeListener {
  portfolioChanged(userId: string, portfolioIds: string[]): void | Promise<void>;
}

const BENCHMARK_ASSET = 'BTC';

export type { LedgerScope } from './portfolio-transactions.repository';

/**
 * The portfolio API's facade: portfolio and transaction use cases over the repositories (SQL) and the ledger
 * service (replay, validation), announcing every change to the change listener.
 */
@Injectable()
export class PortfoliosService {
  constructor(
    private readonly portfolioRows: PortfoliosRepository,
    private readonly transactions: PortfolioTransactionsRepository,
    private readonly ledger: PortfolioLedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PORTFOLIO_PRICES) private readonly prices: PortfolioPriceSource,
    private readonly config: AppConfig,
    @Inject(PORTFOLIO_CHANGE_LISTENER) private readonly changeListener: PortfolioChangeListener,
  ) {}

  // ---------------------------------------------------------------- portfolios

  async list(userId: string): Promise<PortfolioDto[]> {
    const rows = await this.portfolioRows.listOwned(userId);
    return rows.map(toPortfolioDto);
  }

  async create(userId: string, body: CreatePortfolioDto): Promise<PortfolioDto> {
    const saved = await this.transactions.transaction(async (manager) => {
      // The user's row lock serialises concurrent creates, so the quota holds under parallel requests.
      await this.transactions.lockUser(manager, userId);
      const count = await this.portfolioRows.countOwned(manager, userId);
      const limit = this.config.env.PORTFOLIOS_MAX_PER_USER;
      if (count >= limit) throw LimitReachedError.of(`You already have ${count} portfolios, the limit is ${limit}. Delete one first.`);
      return this.portfolioRows.insert(manager, {
        userId,
        name: body.name.trim(),
        baseCurrency: body.baseCurrency ?? 'USDT',
        costBasisMethod: body.costBasisMethod ?? 'average',
        cashMode: body.cashMode ?? 'off',
      });
    });
    return toPortfolioDto(saved);
  }

  async get(userId: string, portfolioId: string): Promise<PortfolioDto> {
    return toPortfolioDto(await this.portfolioRows.getOwned(userId, portfolioId));
  }

  async update(userId: string, portfolioId: string, body: UpdatePortfolioDto): Promise<PortfolioDto> {
    const saved = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      const portfolio = await this.portfolioRows.getOwned(userId, portfolioId, manager);
      const replayChanges =
        (body.cashMode !== undefined && body.cashMode !== portfolio.cashMode) || (body.baseCurrency !== undefined && portfolio.cashMode === 'linked');
      if (body.name !== undefined) portfolio.name = body.name.trim();
      if (body.baseCurrency !== undefined) portfolio.baseCurrency = body.baseCurrency;
      if (body.costBasisMethod !== undefined) portfolio.costBasisMethod = body.costBasisMethod;
      if (body.cashMode !== undefined) portfolio.cashMode = body.cashMode;
      if (replayChanges) {
        // Linked cash must never go below zero: the history has to hold up under the new settings.
        const scope = await this.transactions.loadScope(manager, userId, portfolioId);
        this.ledger.validateReplay(
          scope.portfolios.map((p) => (p.id === portfolioId ? portfolio : p)),
          scope.rows,
        );
      }
      return this.portfolioRows.save(portfolio, manager);
    });
    await this.notifyChanged(userId, [portfolioId]);
    return toPortfolioDto(saved);
  }

  /**
   * Deletes a portfolio and its transactions. Transfers it sent to sibling portfolios keep their carried cost:
   * the receiving side becomes an external transfer_in priced at the cost basis it had received.
   */
  async remove(userId: string, portfolioId: string): Promise<void> {
    const changed = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);
      const ledgers = this.ledger.replay(scope.portfolios, scope.rows);
      const siblings = scope.rows.filter((row) => row.portfolioId !== portfolioId && row.counterpartyPortfolioId === portfolioId);
      for (const row of siblings) {
        if (row.type === 'transfer_in') {
          const carried = carriedUnitCost(ledgers.get(row.portfolioId)!, row);
          await this.transactions.unlinkTransfer(manager, row.id, carried);
        } else {
          await this.transactions.unlinkTransfer(manager, row.id);
        }
      }
      await this.portfolioRows.delete(manager, userId, portfolioId);
      return [...new Set(siblings.map((row) => row.portfolioId))];
    });
    await this.notifyChanged(userId, [portfolioId, ...changed]);
  }

  // ---------------------------------------------------------------- transactions

  /** Newest first, one page (`limit` is capped by the DTO). */
  async listTransactions(userId: string, portfolioId: string, page: { limit: number; offset: number }): Promise<TransactionDto[]> {
    await this.portfolioRows.getOwned(userId, portfolioId);
    return (await this.transactions.page(userId, portfolioId, page)).map(toTransactionDto);
  }

  async createTransaction(userId: string, portfolioId: string, body: CreateTransactionDto): Promise<TransactionDto> {
    const draft = await this.ledger.validateDraft({
      type: body.type,
      time: new Date(body.time),
      asset: body.asset,
      quantity: body.quantity,
      price: body.price ?? (await this.defaultPrice(body)),
      feeAmount: body.feeAmount ?? null,
      feeCurrency: body.feeCurrency ?? null,
      note: body.note?.trim() || null,
    });
    if (body.counterpartyPortfolioId !== undefined && draft.type !== 'transfer_in' && draft.type !== 'transfer_out') {
      throw invalid('counterpartyPortfolioId is only allowed on transfer_in and transfer_out');
    }
    const { created, touched, replayed } = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      await this.ledger.assertTransactionRoom(manager, portfolioId, 1);
      const rows: PortfolioTransaction[] = [];
      const own = this.ledger.newRow(userId, portfolioId, draft);
      rows.push(own);
      if (body.counterpartyPortfolioId !== undefined) {
        if (body.counterpartyPortfolioId === portfolioId) throw invalid('A transfer needs two different portfolios');
        const counterparty = await this.portfolioRows.findOwned(userId, body.counterpartyPortfolioId, manager);
        if (!counterparty) throw new NotFoundError('Counterparty portfolio not found');
        // Both sides share a transfer id; the fee (network fee) belongs to the sending side.
        const transferId = randomUUID();
        const other = this.ledger.newRow(userId, counterparty.id, {
          ...draft,
          type: draft.type === 'transfer_out' ? 'transfer_in' : 'transfer_out',
          price: '0',
          feeAmount: draft.type === 'transfer_in' ? draft.feeAmount : null,
          feeCurrency: draft.type === 'transfer_in' ? draft.feeCurrency : null,
        });
        if (draft.type === 'transfer_in') Object.assign(own, { feeAmount: null, feeCurrency: null, price: '0' });
        for (const [row, peer] of [
          [own, counterparty.id],
          [other, portfolioId],
        ] as const) {
          row.transferId = transferId;
          row.counterpartyPortfolioId = peer;
        }
        rows.push(other);
      }
      const scope = await this.transactions.loadScope(manager, userId, portfolioId, rows.length > 1);
      const ledgers = this.ledger.validateReplay(scope.portfolios, [
        ...scope.rows,
        ...rows.map((row, i) => ({ ...row, id: `new-${i}` }) as PortfolioTransaction),
      ]);
      const saved = await this.transactions.save(manager, rows);
      const replayed = { portfolios: scope.portfolios, ledgers, stamps: await this.ledger.stampsAfterWrite(manager, userId) };
      return { created: saved[0]!, touched: [...new Set(rows.map((row) => row.portfolioId))], replayed };
    });
    this.ledger.rememberReplayed(userId, replayed.portfolios, replayed.ledgers, replayed.stamps);
    await this.notifyChanged(userId, touched);
    return toTransactionDto(await this.transactions.getById(created.id));
  }

  async updateTransaction(userId: string, portfolioId: string, transactionId: string, body: UpdateTransactionDto): Promise<TransactionDto> {
    const { touched, replayed } = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      const existing = await this.transactions.findOwned(manager, userId, portfolioId, transactionId);
      if (!existing) throw new NotFoundError('Transaction not found');
      const draft = await this.ledger.validateDraft({
        type: body.type ?? existing.type,
        time: body.time !== undefined ? new Date(body.time) : existing.time,
        asset: body.asset ?? existing.asset,
        quantity: body.quantity ?? existing.quantity,
        price: body.price ?? existing.price,
        feeAmount: body.feeAmount !== undefined ? body.feeAmount : existing.feeAmount,
        feeCurrency: body.feeCurrency !== undefined ? body.feeCurrency : existing.feeCurrency,
        note: body.note !== undefined ? body.note?.trim() || null : existing.note,
      });
      const changes: PortfolioTransaction[] = [Object.assign(new PortfolioTransaction(), existing, draft)];
      if (existing.transferId) {
        if (draft.type !== existing.type) throw invalid('The type of a transfer between portfolios cannot change: delete it and record it again');
        const sides = await this.transactions.transferSides(manager, userId, existing.transferId);
        const sibling = sides.find((row) => row.id !== existing.id);
        if (sibling) {
          // Both sides move together: same time, asset and quantity.
          changes.push(
            Object.assign(new PortfolioTransaction(), sibling, { time: draft.time, asset: draft.asset, quantity: draft.quantity, note: draft.note }),
          );
        }
      }
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);
      const replaced = new Map(changes.map((row) => [row.id, row]));
      const ledgers = this.ledger.validateReplay(
        scope.portfolios,
        scope.rows.map((row) => replaced.get(row.id) ?? row),
      );
      for (const row of changes) await this.transactions.updateFields(manager, row.id, row);
      const replayed = { portfolios: scope.portfolios, ledgers, stamps: await this.ledger.stampsAfterWrite(manager, userId) };
      return { touched: [...new Set(changes.map((row) => row.portfolioId))], replayed };
    });
    this.ledger.rememberReplayed(userId, replayed.portfolios, replayed.ledgers, replayed.stamps);
    await this.notifyChanged(userId, touched);
    return toTransactionDto(await this.transactions.getById(transactionId));
  }

  async deleteTransaction(userId: string, portfolioId: string, transactionId: string): Promise<void> {
    const { touched, replayed } = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      const existing = await this.transactions.findOwned(manager, userId, portfolioId, transactionId);
      if (!existing) throw new NotFoundError('Transaction not found');
      const removed = existing.transferId ? await this.transactions.transferSides(manager, userId, existing.transferId) : [existing];
      const removedIds = new Set(removed.map((row) => row.id));
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);
      // Deleting a purchase can leave a later sale selling more than held: refuse that too.
      const ledgers = this.ledger.validateReplay(
        scope.portfolios,
        scope.rows.filter((row) => !removedIds.has(row.id)),
      );
      await this.transactions.delete(manager, [...removedIds]);
      const replayed = { portfolios: scope.portfolios, ledgers, stamps: await this.ledger.stampsAfterWrite(manager, userId) };
      return { touched: [...new Set(removed.map((row) => row.portfolioId))], replayed };
    });
    this.ledger.rememberReplayed(userId, replayed.portfolios, replayed.ledgers, replayed.stamps);
    await this.notifyChanged(userId, touched);
  }

  // ---------------------------------------------------------------- analytics

  async holdings(userId: string, portfolioId: string): Promise<HoldingsResponse> {
    const [portfolio, ledger] = await Promise.all([this.portfolioRows.getOwned(userId, portfolioId), this.ledger.ledgerOf(userId, portfolioId)]);
    const { prices, closeDays } = await this.ledger.pricesWithAge([...ledger.positions.keys()]);
    return serializeHoldings(valueHoldings(ledger, prices, closeDays), portfolio.baseCurrency);
  }

  /** Replays the portfolio (with its transfer siblings) from scratch; NotFoundError when the user has no such portfolio. */
  ledgerOf(userId: string, portfolioId: string): Promise<PortfolioLedger> {
    return this.ledger.ledgerOf(userId, portfolioId);
  }

  async performance(userId: string, portfolioId: string, query: PerformanceQueryDto): Promise<PerformanceDto> {
    await this.portfolioRows.getOwned(userId, portfolioId);
    const now = this.clock.now();
    const today = utcDay(now);
    let range: ResolvedRange;
    try {
      range = resolveRange(query, today);
    } catch (error) {
      if (error instanceof InvalidRangeError) throw invalid(error.message);
      throw error;
    }
    const { fromDay, toDay } = range;
    const ledger = await this.ledger.ledgerOf(userId, portfolioId);
    if (ledger.events.length === 0) return { series: [], twr: 0, irr: null };

    const assets = [...new Set([...ledger.positions.keys(), BENCHMARK_ASSET])].filter((a) => !isValuationCurrency(a));
    const firstDay = addDays(utcDay(ledger.events[0]!.time), -1);
    // Independent reads, in parallel.
    const [table, live, closes] = await Promise.all([
      this.prices.dailyPrices(assets, firstDay < (fromDay ?? firstDay) ? firstDay : (fromDay ?? firstDay), toDay),
      this.prices.latestPrices(assets),
      this.prices.lastCloses(assets, toDay),
    ]);
    const fallback = new Map([...[...closes].map(([asset, close]) => [asset, close.price] as const), ...live]);
    const result = computePerformance({
      events: ledger.events,
      prices: table,
      // Today's point is valued at the live price: the day's candle is not closed yet.
      livePrices: toDay === today ? { day: today, prices: live } : undefined,
      fromDay,
      toDay,
      fallbackPrices: fallback,
      benchmarkAsset: BENCHMARK_ASSET,
      asOf: toDay === today ? now : undefined,
    });
    return serializePerformance(result);
  }

  /**
   * Price when none was given: deposits, income and external transfers in are valued at the market (the day's
   * close, or the latest price for today) — give "0" explicitly for a zero cost basis. Types that do not use a
   * price get 0; a buy or sell without price fails validation.
   */
  private async defaultPrice(body: CreateTransactionDto): Promise<string> {
    const valued = body.type === 'deposit' || body.type === 'income' || (body.type === 'transfer_in' && body.counterpartyPortfolioId === undefined);
    // Anything else wrong with the transaction is reported by validateDraft with the other problems.
    if (!valued || Number.isNaN(Date.parse(body.time))) return '0';
    const cash = isCashAsset(body.asset);
    if (!cash && !(await this.prices.isKnownAsset(body.asset))) return '0';
    const day = utcDay(new Date(body.time));
    const [price] = (await this.ledger.currentPrices([body.asset], day)).values();
    // Cash without a market price (USD, USDT, untracked stablecoins) comes in at par.
    const par = cash ? parValue(body.asset) : null;
    if (!price && par !== null) return String(par);
    if (!price) throw invalid(`No market price is known for ${body.asset} on ${day}: give the price (or "0" for a zero cost basis)`);
    return price.toFixed();
  }

  async notifyChanged(userId: string, portfolioIds: string[]): Promise<void> {
    await this.changeListener.portfolioChanged(userId, portfolioIds);
  }
}

/** Invalid, with the reason repeated in details like validation errors. */
function invalid(message: string): InvalidError {
  return InvalidError.of(message);
}

/** Unit cost that a linked transfer_in received from its source, read from the replayed destination. */
function carriedUnitCost(destination: PortfolioLedger, row: PortfolioTransaction): string {
  const cost = destination.carriedCosts.get(row.id);
  return cost === undefined ? dec(row.price).toFixed() : cost.dividedBy(dec(row.quantity)).toDecimalPlaces(18).toFixed();
}

export function toPortfolioDto(row: Portfolio): PortfolioDto {
  return {
    id: row.id,
    name: row.name,
    baseCurrency: row.baseCurrency,
    costBasisMethod: row.costBasisMethod,
    cashMode: row.cashMode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTransactionDto(row: PortfolioTransaction): TransactionDto {
  return {
    id: row.id,
    portfolioId: row.portfolioId,
    type: row.type,
    time: row.time.toISOString(),
    asset: row.asset,
    quantity: dec(row.quantity).toFixed(),
    price: dec(row.price).toFixed(),
    feeAmount: row.feeAmount === null ? null : dec(row.feeAmount).toFixed(),
    feeCurrency: row.feeCurrency,
    note: row.note,
    counterpartyPortfolioId: row.counterpartyPortfolioId,
    transferId: row.transferId,
    source: row.importHash ? 'import' : 'manual',
    createdAt: row.createdAt.toISOString(),
  };
}
