import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvalidError, LimitReachedError, NotFoundError, type Problem } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../infra/ports';
import { InsufficientHoldingsError, InvalidTransactionError } from './domain/errors';
import { replayLedgers, type PortfolioLedger, type ReplayOptions } from './domain/ledger';
import { Dec, dec, formatDecimal } from './domain/money';
import { utcDay } from './domain/performance';
import { QUOTE_CURRENCIES } from './domain/types';
import type { TransactionDraft } from './import/csv-import';
import { toLedgerTransaction } from './portfolio-ledger.mapper';
import { PORTFOLIO_PRICES, type PortfolioPriceSource } from './portfolio-prices';
import { Portfolio, PortfolioTransaction } from './portfolio.entity';
import { PortfolioTransactionsRepository } from './portfolio-transactions.repository';

/** Clocks of phones and exchanges drift: a transaction stamped this far ahead of the server is still accepted. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Bitcoin's genesis block: nothing crypto happened before, and it bounds the daily series a history can ask for. */
const EARLIEST_TIME = new Date('2009-01-03T00:00:00Z');

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

  replay(portfolios: Portfolio[], rows: PortfolioTransaction[], options?: ReplayOptions): Map<string, PortfolioLedger> {
    return replayLedgers(
      portfolios.map((p) => ({ id: p.id, costBasisMethod: p.costBasisMethod })),
      rows.map(toLedgerTransaction),
      options,
    );
  }

  /** Replays a candidate history; a disposal of more than held is refused with how much was held. */
  validateReplay(portfolios: Portfolio[], rows: PortfolioTransaction[]): Map<string, PortfolioLedger> {
    try {
      return this.replay(portfolios, rows);
    } catch (error) {
      if (error instanceof InsufficientHoldingsError) {
        throw new InvalidError(`${error.message}.`, [
          { field: 'quantity', message: `held: ${formatDecimal(error.held)} ${error.asset}` },
          { field: 'quantity', message: `requested: ${formatDecimal(error.requested)} ${error.asset}` },
        ]);
      }
      if (error instanceof InvalidTransactionError) throw InvalidError.of(error.message);
      throw error;
    }
  }

  /** The portfolio's ledger replayed from scratch (with its transfer siblings); undefined when the user has no such portfolio. */
  async findLedger(userId: string, portfolioId: string, manager?: EntityManager): Promise<PortfolioLedger | undefined> {
    const scope = await this.transactions.loadScope(manager ?? this.transactions.manager, userId, portfolioId);
    return this.replay(scope.portfolios, scope.rows).get(portfolioId);
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
    const cashFee = draft.type === 'fee' && QUOTE_CURRENCIES.has(draft.asset);
    if (!cashFee && !(await this.prices.isKnownAsset(draft.asset))) {
      problem('asset', `asset ${draft.asset} is not a tracked market (no ${draft.asset}/USDT)`);
    }
    if (draft.feeAmount !== null && dec(draft.feeAmount).isZero()) draft = { ...draft, feeAmount: null, feeCurrency: null };
    if (draft.feeAmount === null) draft = { ...draft, feeCurrency: null };
    if (
      draft.feeCurrency &&
      !QUOTE_CURRENCIES.has(draft.feeCurrency) &&
      draft.feeCurrency !== draft.asset &&
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
    const pricedAssets = assets.filter((asset) => !QUOTE_CURRENCIES.has(asset));
    const today = utcDay(this.clock.now());
    const live = day === undefined || day >= today ? await this.prices.latestPrices(pricedAssets) : new Map<string, number>();
    const missing = pricedAssets.filter((asset) => !live.has(asset));
    const closes = await this.prices.lastCloses(missing, day !== undefined && day < today ? day : today);
    const prices = new Map<string, Dec>();
    for (const [asset, price] of [...closes, ...live]) prices.set(asset, new Dec(String(price)));
    return prices;
  }
}
