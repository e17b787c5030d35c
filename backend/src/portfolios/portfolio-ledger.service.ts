import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvalidError, LimitReachedError, NotFoundError, type Problem } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../infra/ports';
import { InsufficientHoldingsError, InvalidTransactionError } from './domain/errors';
import { replayLedgers, type PortfolioLedger, type ReplayOptions } from './domain/ledger';
import { Dec, dec } from './domain/money';
import { utcDay } from './domain/performance';
import { isCashAsset, isValuationCurrency } from './domain/assets';
import { QUOTE_CURRENCIES } from './domain/types';
import type { TransactionDraft } from './import/csv-import';
import { toLedgerPortfolio, toLedgerTransaction } from './portfolio-ledger.mapper';
import { PORTFOLIO_PRICES, type PortfolioPriceSource } from './portfolio-prices';
import { Portfolio, PortfolioTransaction } from './portfolio.entity';
import { PortfolioTransactionsRepository } from './portfolio-transactions.repository';

/** Clocks of phones and exchanges drift: a transaction stamped this far ahead of the server is still accepted. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Bitcoin's genesis block: nothing crypto happened before, and it bounds the daily series a history can ask for. */
const EARLIEST_TIME = new Date('2009-01-03T00:00:00Z');
/** Replayed ledgers kept in memory (per process): at most this many, and at most this many transactions in all. */
const CACHE_MAX_LEDGERS = 200;
const CACHE_MAX_EVENTS = 1_000_000;

interface CachedLedger {
  ledger: PortfolioLedger;
  /** version|settings of each portfolio of the replay scope, read before its rows were. */
  stamps: Map<string, string>;
}

type PortfolioStamp = { id: string; ledger_version: string; cost_basis_method: string; cash_mode: string; base_currency: string };
const stampOf = (row: PortfolioStamp) => `${row.ledger_version}|${row.cost_basis_method}|${row.cash_mode}|${row.base_currency}`;

/**
 * The ledger rules shared by the portfolio API, CSV import, live valuation and the alerts adapter: replaying a
 * history, validating a candidate one, checking a transaction's fields, and valuing assets. No SQL here (see
 * PortfolioTransactionsRepository); errors are domain errors.
 */
@Injectable()
export class PortfolioLedgerService {
  constructor(
    private readonly transactions: PortfolioTransactionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PORTFOLIO_PRICES) private readonly prices: PortfolioPriceSource,
    private readonly config: AppConfig,
  ) {}

  /** Replayed ledgers by "userId/portfolioId", least recently used first (Map order). */
  private readonly cache = new Map<string, CachedLedger>();
  private cachedEvents = 0;

  replay(portfolios: Portfolio[], rows: PortfolioTransaction[], options?: ReplayOptions): Map<string, PortfolioLedger> {
    return replayLedgers(portfolios.map(toLedgerPortfolio), rows.map(toLedgerTransaction), options);
  }

  /** Replays a candidate history; a disposal of more than held is refused with how much was held. */
  validateReplay(portfolios: Portfolio[], rows: PortfolioTransaction[]): Map<string, PortfolioLedger> {
    try {
      return this.replay(portfolios, rows);
    } catch (error) {
      if (error instanceof InsufficientHoldingsError) {
        const portfolio = portfolios.find((p) => p.id === rows.find((row) => row.id === error.transactionId)?.portfolioId);
        const cashHint =
          portfolio?.cashMode === 'linked' && portfolio.baseCurrency === error.asset
            ? ` The portfolio's cash balance pays for buys and fees: record a deposit of ${error.asset} first.`
            : '';
        throw new InvalidError(`${error.message}.${cashHint}`, [
          { field: 'quantity', message: `held: ${error.held.toFixed()} ${error.asset}` },
          { field: 'quantity', message: `requested: ${error.requested.toFixed()} ${error.asset}` },
        ]);
      }
      if (error instanceof InvalidTransactionError) throw InvalidError.of(error.message);
      throw error;
    }
  }

  /**
   * The portfolio's ledger (with its transfer siblings); undefined when the user has no such portfolio. Outside a
   * transaction it comes from memory while no portfolio of its replay scope has changed: every write to a
   * portfolio's transactions bumps its ledger_version (a trigger), and settings that change the replay (cost basis
   * method, cash mode, base currency) are part of the stamp. One small query checks that; a miss replays from
   * scratch. The returned ledger is shared: callers only read it.
   */
  async findLedger(userId: string, portfolioId: string, manager?: EntityManager): Promise<PortfolioLedger | undefined> {
    if (manager) {
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);
      return this.replay(scope.portfolios, scope.rows).get(portfolioId);
    }
    // Versions first, rows second: a write committed in between makes the stamp older than the rows, never newer.
    const stamps = new Map((await this.transactions.portfolioStamps(userId)).map((row) => [row.id, stampOf(row)]));
    if (!stamps.has(portfolioId)) return undefined;
    const key = `${userId}/${portfolioId}`;
    const cached = this.cache.get(key);
    if (cached && [...cached.stamps].every(([id, stamp]) => stamps.get(id) === stamp)) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached.ledger;
    }
    const scope = await this.transactions.loadScope(this.transactions.manager, userId, portfolioId);
    const ledger = this.replay(scope.portfolios, scope.rows).get(portfolioId);
    if (!ledger) return undefined;
    this.remember(key, ledger, new Map(scope.portfolios.map((p) => [p.id, stamps.get(p.id) ?? 'new'])));
    return ledger;
  }

  /**
   * Inside a write's transaction, after its rows are saved: the stamps its replay will be valid for once committed
   * (the trigger has bumped the versions in this transaction).
   */
  async stampsAfterWrite(manager: EntityManager, userId: string): Promise<Map<string, string>> {
    return new Map((await this.transactions.portfolioStamps(userId, manager)).map((row) => [row.id, stampOf(row)]));
  }

  /**
   * After a write has COMMITTED: keeps the ledgers its validation replayed (the same history that is now stored),
   * so the next read does not replay again. Never call it before the commit: a rolled-back version number could be
   * reused by a later write and match a ledger that was never stored.
   */
  rememberReplayed(userId: string, portfolios: Portfolio[], ledgers: Map<string, PortfolioLedger>, stamps: Map<string, string>): void {
    if (!portfolios.every((p) => stamps.has(p.id))) return;
    const scope = new Map(portfolios.map((p) => [p.id, stamps.get(p.id)!]));
    for (const p of portfolios) {
      const ledger = ledgers.get(p.id);
      if (ledger) this.remember(`${userId}/${p.id}`, ledger, scope);
    }
  }

  private remember(key: string, ledger: PortfolioLedger, stamps: Map<string, string>): void {
    const previous = this.cache.get(key);
    if (previous) {
      this.cachedEvents -= previous.ledger.events.length;
      this.cache.delete(key);
    }
    if (ledger.events.length > CACHE_MAX_EVENTS) return;
    this.cache.set(key, { ledger, stamps });
    this.cachedEvents += ledger.events.length;
    for (const [oldest, entry] of this.cache) {
      if (this.cache.size <= CACHE_MAX_LEDGERS && this.cachedEvents <= CACHE_MAX_EVENTS) break;
      this.cache.delete(oldest);
      this.cachedEvents -= entry.ledger.events.length;
    }
  }

  /** As findLedger; a missing portfolio is a NotFoundError. */
  async ledgerOf(userId: string, portfolioId: string): Promise<PortfolioLedger> {
    const ledger = await this.findLedger(userId, portfolioId);
    if (!ledger) throw new NotFoundError('Portfolio not found');
    return ledger;
  }

  /** Refuses a write that would take a portfolio past TRANSACTIONS_MAX_PER_PORTFOLIO. */
  async assertTransactionRoom(manager: EntityManager, portfolioId: string, adding: number): Promise<void> {
    const count = await this.transactions.count(manager, portfolioId);
    const limit = this.config.env.TRANSACTIONS_MAX_PER_PORTFOLIO;
    if (count + adding > limit) {
      throw LimitReachedError.of(`This portfolio has ${count} transactions; adding ${adding} would pass the limit of ${limit} per portfolio.`);
    }
  }

  /**
   * Field checks that need the clock or market data (shapes were checked by the DTO): the normalised draft and
   * the problems found, empty when it is valid.
   */
  async checkDraft(draft: TransactionDraft): Promise<{ draft: TransactionDraft; problems: Problem[] }> {
    const problems: Problem[] = [];
    const problem = (field: string, message: string) => problems.push({ field, message });
    if (draft.time.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) problem('time', 'time must not be in the future');
    if (draft.time.getTime() < EARLIEST_TIME.getTime()) problem('time', `time must not be before ${EARLIEST_TIME.toISOString().slice(0, 10)}`);
    if (!dec(draft.quantity).greaterThan(0)) problem('quantity', 'quantity must be greater than 0');
    if ((draft.type === 'buy' || draft.type === 'sell') && !dec(draft.price).greaterThan(0))
      problem('price', `price must be greater than 0 for a ${draft.type}`);
    // Fiat and stablecoins (cash) are held without a tracked market; crypto needs one to be valued.
    if (!isCashAsset(draft.asset) && !(await this.prices.isKnownAsset(draft.asset))) {
      problem('asset', `asset ${draft.asset} is not a tracked market (no ${draft.asset}/USDT) nor a fiat currency or stablecoin`);
    }
    if (draft.feeAmount !== null && dec(draft.feeAmount).isZero()) draft = { ...draft, feeAmount: null, feeCurrency: null };
    if (draft.feeAmount === null) draft = { ...draft, feeCurrency: null };
    if (
      draft.feeCurrency &&
      !QUOTE_CURRENCIES.has(draft.feeCurrency) &&
      draft.feeCurrency !== draft.asset &&
      !isCashAsset(draft.feeCurrency) &&
      !(await this.prices.isKnownAsset(draft.feeCurrency))
    ) {
      problem('feeCurrency', `feeCurrency ${draft.feeCurrency} is neither USD/USDT, the asset, nor a tracked asset`);
    }
    if (problems.length > 0) return { draft, problems };
    return { draft: { ...draft, quantity: dec(draft.quantity).toFixed(), price: dec(draft.price).toFixed() }, problems };
  }

  /** As checkDraft; problems are an InvalidError. */
  async validateDraft(draft: TransactionDraft): Promise<TransactionDraft> {
    const checked = await this.checkDraft(draft);
    if (checked.problems.length > 0) throw InvalidError.list('Invalid transaction', checked.problems);
    return checked.draft;
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

  /** Latest tick per asset, else the last stored daily close; for a past `day`, that day's (or the last earlier) close. */
  async currentPrices(assets: string[], day?: string): Promise<Map<string, Dec>> {
    return (await this.pricesWithAge(assets, day)).prices;
  }

  /**
   * currentPrices, and for the assets priced now from a stored daily close instead of a live tick (a market no longer
   * tracked, an exchange that is down) the day of that close, so holdings can say the price is not live.
   */
  async pricesWithAge(assets: string[], day?: string): Promise<{ prices: Map<string, Dec>; closeDays: Map<string, string> }> {
    const pricedAssets = assets.filter((asset) => !isValuationCurrency(asset));
    const today = utcDay(this.clock.now());
    const current = day === undefined || day >= today;
    const live = current ? await this.prices.latestPrices(pricedAssets) : new Map<string, number>();
    const missing = pricedAssets.filter((asset) => !live.has(asset));
    const closes = await this.prices.lastCloses(missing, current ? today : day);
    const prices = new Map<string, Dec>();
    const closeDays = new Map<string, string>();
    for (const [asset, close] of closes) {
      prices.set(asset, new Dec(String(close.price)));
      if (current) closeDays.set(asset, close.day);
    }
    for (const [asset, price] of live) prices.set(asset, new Dec(String(price)));
    return { prices, closeDays };
  }
}
