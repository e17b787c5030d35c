import type { TransactionDraft } from './import/csv-import';
import { AppConfig } from '../config/app-config';
import { BadRequestException, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../infra/ports';
import { InsufficientHoldingsError, InvalidTransactionError } from './domain/errors';
import { serializeHoldings, valueHoldings, type HoldingsResponse } from './domain/holdings';
import { replayLedgers, type PortfolioLedger, type ReplayOptions } from './domain/ledger';
import { Dec, dec, formatDecimal } from './domain/money';
import { addDays, computePerformance, serializePerformance, utcDay, type DailyPriceTable, type DayPrice } from './domain/performance';
import { InvalidRangeError, resolveRange, type ResolvedRange } from './domain/ranges';
import { QUOTE_CURRENCIES, type TransactionType } from './domain/types';
import { toLedgerTransaction } from './portfolio-ledger.mapper';
import { PORTFOLIO_PRICES, type PortfolioPriceSource } from './portfolio-prices';
import { Portfolio, PortfolioTransaction } from './portfolio.entity';
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

/** Clocks of phones and exchanges drift: a transaction stamped this far ahead of the server is still accepted. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const BENCHMARK_ASSET = 'BTC';
/** Bitcoin's genesis block: nothing crypto happened before, and it bounds the daily series a history can ask for. */
const EARLIEST_TIME = new Date('2009-01-03T00:00:00Z');

/** A portfolio's transactions and those of every portfolio linked to it by transfers, replayed together. */
export interface LedgerScope {
  portfolios: Portfolio[];
  rows: PortfolioTransaction[];
}


@Injectable()
export class PortfoliosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PORTFOLIO_PRICES) private readonly prices: PortfolioPriceSource,
    private readonly config: AppConfig,
    @Optional() @Inject(PORTFOLIO_CHANGE_LISTENER) private readonly changeListener?: PortfolioChangeListener,
  ) {}

  // ---------------------------------------------------------------- portfolios

  async list(userId: string): Promise<PortfolioDto[]> {
    const rows = await this.db.getRepository(Portfolio).find({ where: { userId }, order: { createdAt: 'ASC' } });
    return rows.map(toPortfolioDto);
  }

  async create(userId: string, body: CreatePortfolioDto): Promise<PortfolioDto> {
    const saved = await this.db.transaction(async (manager) => {
      // The user's row lock serialises concurrent creates, so the quota holds under parallel requests.
      await this.lockUser(manager, userId);
      const count = await manager.count(Portfolio, { where: { userId } });
      const limit = this.config.env.PORTFOLIOS_MAX_PER_USER;
      if (count >= limit) throw invalid(`You already have ${count} portfolios, the limit is ${limit}. Delete one first.`);
      return manager.save(Portfolio, {
        userId,
        name: body.name.trim(),
        baseCurrency: body.baseCurrency ?? 'USDT',
        costBasisMethod: body.costBasisMethod ?? 'average',
      });
    });
    return toPortfolioDto(saved);
  }

  /** Refuses a write that would take a portfolio past TRANSACTIONS_MAX_PER_PORTFOLIO. */
  async assertTransactionRoom(manager: EntityManager, portfolioId: string, adding: number): Promise<void> {
    const count = await manager.count(PortfolioTransaction, { where: { portfolioId } });
    const limit = this.config.env.TRANSACTIONS_MAX_PER_PORTFOLIO;
    if (count + adding > limit) {
      throw invalid(`This portfolio has ${count} transactions; adding ${adding} would pass the limit of ${limit} per portfolio.`);
    }
  }

  async get(userId: string, portfolioId: string): Promise<PortfolioDto> {
    return toPortfolioDto(await this.findPortfolio(this.db.manager, userId, portfolioId));
  }

  async update(userId: string, portfolioId: string, body: UpdatePortfolioDto): Promise<PortfolioDto> {
    const portfolio = await this.findPortfolio(this.db.manager, userId, portfolioId);
    if (body.name !== undefined) portfolio.name = body.name.trim();
    if (body.baseCurrency !== undefined) portfolio.baseCurrency = body.baseCurrency;
    if (body.costBasisMethod !== undefined) portfolio.costBasisMethod = body.costBasisMethod;
    const saved = await this.db.getRepository(Portfolio).save(portfolio);
    await this.notifyChanged(userId, [portfolioId]);
    return toPortfolioDto(saved);
  }

  /**
   * Deletes a portfolio and its transactions. Transfers it sent to sibling portfolios keep their carried cost:
   * the receiving side becomes an external transfer_in priced at the cost basis it had received.
   */
  async remove(userId: string, portfolioId: string): Promise<void> {
    const changed = await this.db.transaction(async (manager) => {
      await this.lockUser(manager, userId);
      await this.findPortfolio(manager, userId, portfolioId);
      const scope = await this.loadScope(manager, userId, portfolioId);
      const ledgers = this.replay(scope.portfolios, scope.rows);
      const siblings = scope.rows.filter((row) => row.portfolioId !== portfolioId && row.counterpartyPortfolioId === portfolioId);
      for (const row of siblings) {
        if (row.type === 'transfer_in') {
          const carried = carriedUnitCost(ledgers.get(row.portfolioId)!, row);
          await manager.update(PortfolioTransaction, { id: row.id }, { price: carried, transferId: null, counterpartyPortfolioId: null });
        } else {
          await manager.update(PortfolioTransaction, { id: row.id }, { transferId: null, counterpartyPortfolioId: null });
        }
      }
      await manager.delete(Portfolio, { id: portfolioId, userId });
      return [...new Set(siblings.map((row) => row.portfolioId))];
    });
    await this.notifyChanged(userId, [portfolioId, ...changed]);
  }

  // ---------------------------------------------------------------- transactions

  /** Newest first, one page (`limit` is capped by the DTO). */
  async listTransactions(userId: string, portfolioId: string, page: { limit: number; offset: number }): Promise<TransactionDto[]> {
    await this.findPortfolio(this.db.manager, userId, portfolioId);
    const raw: RawTransactionRow[] = await this.db.query(
      `SELECT ${RAW_COLUMNS} FROM portfolio_transactions WHERE user_id = $1 AND portfolio_id = $2
        ORDER BY time DESC, seq DESC LIMIT $3 OFFSET $4`,
      [userId, portfolioId, page.limit, page.offset],
    );
    return raw.map(fromRawRow).map(toTransactionDto);
  }

  async createTransaction(userId: string, portfolioId: string, body: CreateTransactionDto): Promise<TransactionDto> {
    const draft = await this.validateDraft({
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
    const { created, touched } = await this.db.transaction(async (manager) => {
      await this.lockUser(manager, userId);
      await this.findPortfolio(manager, userId, portfolioId);
      await this.assertTransactionRoom(manager, portfolioId, 1);
      const rows: PortfolioTransaction[] = [];
      const own = this.newRow(userId, portfolioId, draft);
      rows.push(own);
      if (body.counterpartyPortfolioId !== undefined) {
        if (body.counterpartyPortfolioId === portfolioId) throw invalid('A transfer needs two different portfolios');
        const counterparty = await manager.findOne(Portfolio, { where: { id: body.counterpartyPortfolioId, userId } });
        if (!counterparty) throw new NotFoundException('Counterparty portfolio not found');
        // Both sides share a transfer id; the fee (network fee) belongs to the sending side.
        const transferId = randomUUID();
        const other = this.newRow(userId, counterparty.id, {
          ...draft,
          type: draft.type === 'transfer_out' ? 'transfer_in' : 'transfer_out',
          price: '0',
          feeAmount: draft.type === 'transfer_in' ? draft.feeAmount : null,
          feeCurrency: draft.type === 'transfer_in' ? draft.feeCurrency : null,
        });
        if (draft.type === 'transfer_in') Object.assign(own, { feeAmount: null, feeCurrency: null, price: '0' });
        for (const [row, peer] of [[own, counterparty.id], [other, portfolioId]] as const) {
          row.transferId = transferId;
          row.counterpartyPortfolioId = peer;
        }
        rows.push(other);
      }
      const scope = await this.loadScope(manager, userId, portfolioId, rows.length > 1);
      this.validateReplay(scope.portfolios, [...scope.rows, ...rows.map((row, i) => ({ ...row, id: `new-${i}` }) as PortfolioTransaction)]);
      const saved = await manager.save(PortfolioTransaction, rows);
      return { created: saved[0]!, touched: [...new Set(rows.map((row) => row.portfolioId))] };
    });
    await this.notifyChanged(userId, touched);
    return toTransactionDto(await this.db.getRepository(PortfolioTransaction).findOneByOrFail({ id: created.id }));
  }

  async updateTransaction(userId: string, portfolioId: string, transactionId: string, body: UpdateTransactionDto): Promise<TransactionDto> {
    const touched = await this.db.transaction(async (manager) => {
      await this.lockUser(manager, userId);
      await this.findPortfolio(manager, userId, portfolioId);
      const existing = await manager.findOne(PortfolioTransaction, { where: { id: transactionId, portfolioId, userId } });
      if (!existing) throw new NotFoundException('Transaction not found');
      const draft = await this.validateDraft({
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
        const sides = await manager.find(PortfolioTransaction, { where: { transferId: existing.transferId, userId } });
        const sibling = sides.find((row) => row.id !== existing.id);
        if (sibling) {
          // Both sides move together: same time, asset and quantity.
          changes.push(Object.assign(new PortfolioTransaction(), sibling, { time: draft.time, asset: draft.asset, quantity: draft.quantity, note: draft.note }));
        }
      }
      const scope = await this.loadScope(manager, userId, portfolioId);
      const replaced = new Map(changes.map((row) => [row.id, row]));
      this.validateReplay(scope.portfolios, scope.rows.map((row) => replaced.get(row.id) ?? row));
      for (const row of changes) {
        await manager.update(PortfolioTransaction, { id: row.id }, {
          type: row.type, time: row.time, asset: row.asset, quantity: row.quantity, price: row.price,
          feeAmount: row.feeAmount, feeCurrency: row.feeCurrency, note: row.note,
        });
      }
      return [...new Set(changes.map((row) => row.portfolioId))];
    });
    await this.notifyChanged(userId, touched);
    return toTransactionDto(await this.db.getRepository(PortfolioTransaction).findOneByOrFail({ id: transactionId }));
  }

  async deleteTransaction(userId: string, portfolioId: string, transactionId: string): Promise<void> {
    const touched = await this.db.transaction(async (manager) => {
      await this.lockUser(manager, userId);
      await this.findPortfolio(manager, userId, portfolioId);
      const existing = await manager.findOne(PortfolioTransaction, { where: { id: transactionId, portfolioId, userId } });
      if (!existing) throw new NotFoundException('Transaction not found');
      const removed = existing.transferId
        ? await manager.find(PortfolioTransaction, { where: { transferId: existing.transferId, userId } })
        : [existing];
      const removedIds = new Set(removed.map((row) => row.id));
      const scope = await this.loadScope(manager, userId, portfolioId);
      // Deleting a purchase can leave a later sale selling more than held: refuse that too.
      this.validateReplay(scope.portfolios, scope.rows.filter((row) => !removedIds.has(row.id)));
      await manager.delete(PortfolioTransaction, [...removedIds]);
      return [...new Set(removed.map((row) => row.portfolioId))];
    });
    await this.notifyChanged(userId, touched);
  }

  // ---------------------------------------------------------------- analytics

  async holdings(userId: string, portfolioId: string): Promise<HoldingsResponse> {
    const portfolio = await this.findPortfolio(this.db.manager, userId, portfolioId);
    const ledger = await this.ledgerOf(userId, portfolioId);
    const prices = await this.currentPrices([...ledger.positions.keys()]);
    return serializeHoldings(valueHoldings(ledger, prices), portfolio.baseCurrency);
  }

  /** Replays the portfolio (with its transfer siblings) from scratch; 404 when the user has no such portfolio. */
  async ledgerOf(userId: string, portfolioId: string): Promise<PortfolioLedger> {
    const scope = await this.loadScope(this.db.manager, userId, portfolioId);
    const ledger = this.replay(scope.portfolios, scope.rows).get(portfolioId);
    if (!ledger) throw new NotFoundException('Portfolio not found');
    return ledger;
  }

  /** Latest tick per asset, else the last stored daily close; for a past `day`, that day's (or the last earlier) close. */
  async currentPrices(assets: string[], day?: string): Promise<Map<string, Dec>> {
    const pricedAssets = assets.filter((asset) => !QUOTE_CURRENCIES.has(asset));
    const today = utcDay(this.clock.now());
    const live = day === undefined || day >= today ? await this.prices.latestPrices(pricedAssets) : new Map<string, number>();
    const missing = pricedAssets.filter((asset) => !live.has(asset));
    const closes = await this.prices.lastCloses(missing, day !== undefined && day < today ? day : today);
    const prices = new Map<string, Dec>();
    for (const [asset, price] of [...closes, ...live]) prices.set(asset, new Dec(String(price)));
    return prices;
  }

  async performance(userId: string, portfolioId: string, query: PerformanceQueryDto): Promise<PerformanceDto> {
    await this.findPortfolio(this.db.manager, userId, portfolioId);
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
    const ledger = await this.ledgerOf(userId, portfolioId);
    if (ledger.events.length === 0) return { series: [], twr: 0, irr: null };

    const assets = [...new Set([...ledger.positions.keys(), BENCHMARK_ASSET])].filter((a) => !QUOTE_CURRENCIES.has(a));
    const firstDay = addDays(utcDay(ledger.events[0]!.time), -1);
    const table = await this.prices.dailyPrices(assets, firstDay < (fromDay ?? firstDay) ? firstDay : (fromDay ?? firstDay), toDay);
    const live = await this.prices.latestPrices(assets);
    const fallback = new Map([...(await this.prices.lastCloses(assets, toDay)), ...live]);
    // Today's point is valued at the live price: the day's candle is not closed yet.
    const prices: DailyPriceTable = toDay === today ? withLiveClose(table, live, today) : table;
    const result = computePerformance({
      events: ledger.events,
      prices,
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
    if (!valued || Number.isNaN(Date.parse(body.time)) || !(await this.prices.isKnownAsset(body.asset))) return '0';
    const day = utcDay(new Date(body.time));
    const [price] = (await this.currentPrices([body.asset], day)).values();
    if (!price) throw invalid(`No market price is known for ${body.asset} on ${day}: give the price (or "0" for a zero cost basis)`);
    return price.toFixed();
  }

  // ---------------------------------------------------------------- shared helpers (also used by import/export)

  /** One portfolio's transactions in time order (raw SQL: lists can be long). */
  async transactionRows(userId: string, portfolioId: string, order: 'ASC' | 'DESC'): Promise<PortfolioTransaction[]> {
    const raw: RawTransactionRow[] = await this.db.query(
      `SELECT ${RAW_COLUMNS} FROM portfolio_transactions WHERE user_id = $1 AND portfolio_id = $2 ORDER BY time ${order}, seq ${order}`,
      [userId, portfolioId],
    );
    return raw.map(fromRawRow);
  }

  async findPortfolio(manager: EntityManager, userId: string, portfolioId: string): Promise<Portfolio> {
    const portfolio = await manager.findOne(Portfolio, { where: { id: portfolioId, userId } });
    // Someone else's portfolio is indistinguishable from a missing one.
    if (!portfolio) throw new NotFoundException('Portfolio not found');
    return portfolio;
  }

  /** Serialises writers of one user's portfolios so two concurrent sales cannot both pass the holdings check. */
  async lockUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  }

  /**
   * The rows to replay for a portfolio: its own, or, once the user has transfers between portfolios, all of the
   * user's portfolios (a transfer carries cost from one portfolio's history into another's).
   */
  async loadScope(manager: EntityManager, userId: string, portfolioId: string, forceAll = false): Promise<LedgerScope> {
    const linked =
      forceAll ||
      (await manager.query(`SELECT 1 FROM portfolio_transactions WHERE user_id = $1 AND transfer_id IS NOT NULL LIMIT 1`, [userId])).length > 0;
    const portfolios = linked
      ? await manager.find(Portfolio, { where: { userId } })
      : await manager.find(Portfolio, { where: { id: portfolioId, userId } });
    // Raw SQL: hydrating thousands of TypeORM entities costs more than replaying them.
    const raw: RawTransactionRow[] = await manager.query(
      `SELECT ${RAW_COLUMNS} FROM portfolio_transactions
        WHERE user_id = $1 ${linked ? '' : 'AND portfolio_id = $2'}
        ORDER BY time, seq`,
      linked ? [userId] : [userId, portfolioId],
    );
    return { portfolios, rows: raw.map(fromRawRow) };
  }

  replay(portfolios: Portfolio[], rows: PortfolioTransaction[], options?: ReplayOptions): Map<string, PortfolioLedger> {
    return replayLedgers(
      portfolios.map((p) => ({ id: p.id, costBasisMethod: p.costBasisMethod })),
      rows.map(toLedgerTransaction),
      options,
    );
  }

  /** Replays a candidate history; a disposal of more than held becomes a 400 that says how much was held. */
  validateReplay(portfolios: Portfolio[], rows: PortfolioTransaction[]): Map<string, PortfolioLedger> {
    try {
      return this.replay(portfolios, rows);
    } catch (error) {
      if (error instanceof InsufficientHoldingsError) {
        throw new BadRequestException({
          message: `${error.message}.`,
          details: [`held: ${formatDecimal(error.held)} ${error.asset}`, `requested: ${formatDecimal(error.requested)} ${error.asset}`],
          held: formatDecimal(error.held),
        });
      }
      if (error instanceof InvalidTransactionError) throw invalid(error.message);
      throw error;
    }
  }

  /** Field checks that need the clock or market data; shapes were checked by the DTO. */
  async validateDraft(draft: TransactionDraft): Promise<TransactionDraft> {
    const problems: string[] = [];
    if (draft.time.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) problems.push('time must not be in the future');
    if (draft.time.getTime() < EARLIEST_TIME.getTime()) problems.push(`time must not be before ${EARLIEST_TIME.toISOString().slice(0, 10)}`);
    if (!dec(draft.quantity).greaterThan(0)) problems.push('quantity must be greater than 0');
    if ((draft.type === 'buy' || draft.type === 'sell') && !dec(draft.price).greaterThan(0)) problems.push(`price must be greater than 0 for a ${draft.type}`);
    const cashFee = draft.type === 'fee' && QUOTE_CURRENCIES.has(draft.asset);
    if (!cashFee && !(await this.prices.isKnownAsset(draft.asset))) {
      problems.push(`asset ${draft.asset} is not a tracked market (no ${draft.asset}/USDT)`);
    }
    if (draft.feeAmount !== null && dec(draft.feeAmount).isZero()) draft = { ...draft, feeAmount: null, feeCurrency: null };
    if (draft.feeAmount === null) draft = { ...draft, feeCurrency: null };
    if (draft.feeCurrency && !QUOTE_CURRENCIES.has(draft.feeCurrency) && draft.feeCurrency !== draft.asset && !(await this.prices.isKnownAsset(draft.feeCurrency))) {
      problems.push(`feeCurrency ${draft.feeCurrency} is neither USD/USDT, the asset, nor a tracked asset`);
    }
    if (problems.length > 0) throw new BadRequestException({ message: `Invalid transaction: ${problems.join('; ')}`, details: problems });
    return { ...draft, quantity: dec(draft.quantity).toFixed(), price: dec(draft.price).toFixed() };
  }

  newRow(userId: string, portfolioId: string, draft: TransactionDraft, importHash: string | null = null): PortfolioTransaction {
    return Object.assign(new PortfolioTransaction(), {
      userId,
      portfolioId,
      ...draft,
      counterpartyPortfolioId: null,
      transferId: null,
      importHash,
    });
  }

  async notifyChanged(userId: string, portfolioIds: string[]): Promise<void> {
    await this.changeListener?.portfolioChanged(userId, portfolioIds);
  }
}

const RAW_COLUMNS = `id, user_id, portfolio_id, seq::text AS seq, type, time, asset, quantity::text AS quantity, price::text AS price,
  fee_amount::text AS fee_amount, fee_currency, note, counterparty_portfolio_id, transfer_id, import_hash, created_at, updated_at`;

interface RawTransactionRow {
  id: string;
  user_id: string;
  portfolio_id: string;
  seq: string;
  type: TransactionType;
  time: Date | string;
  asset: string;
  quantity: string;
  price: string;
  fee_amount: string | null;
  fee_currency: string | null;
  note: string | null;
  counterparty_portfolio_id: string | null;
  transfer_id: string | null;
  import_hash: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function fromRawRow(row: RawTransactionRow): PortfolioTransaction {
  return Object.assign(new PortfolioTransaction(), {
    id: row.id,
    userId: row.user_id,
    portfolioId: row.portfolio_id,
    seq: row.seq,
    type: row.type,
    time: new Date(row.time),
    asset: row.asset,
    quantity: row.quantity,
    price: row.price,
    feeAmount: row.fee_amount,
    feeCurrency: row.fee_currency,
    note: row.note,
    counterpartyPortfolioId: row.counterparty_portfolio_id,
    transferId: row.transfer_id,
    importHash: row.import_hash,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
}

/** A 400 in the shared error shape, with the reason repeated in details like validation errors. */
function invalid(message: string): BadRequestException {
  return new BadRequestException({ message, details: [message] });
}

function withLiveClose(table: DailyPriceTable, live: Map<string, number>, today: string): DailyPriceTable {
  const copy = new Map<string, Map<string, DayPrice>>();
  for (const [asset, days] of table) copy.set(asset, new Map(days));
  for (const [asset, price] of live) {
    let days = copy.get(asset);
    if (!days) copy.set(asset, (days = new Map()));
    const candle = days.get(today);
    days.set(today, { open: candle?.open ?? price, close: price });
  }
  return copy;
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
