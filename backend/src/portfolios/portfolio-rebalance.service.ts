import { Inject, Injectable } from '@nestjs/common';
import { InvalidError, type Problem } from '../common/domain-errors';
import { CLOCK, Clock } from '../infra/ports';
import { isCashAsset, parValue } from './domain/assets';
import { valueHoldings } from './domain/holdings';
import { Dec, dec, formatDecimal } from './domain/money';
import { planRebalance, RebalanceError } from './domain/rebalance';
import { PortfolioLedgerService } from './portfolio-ledger.service';
import { PORTFOLIO_PRICES, type PortfolioPriceSource } from './portfolio-prices';
import type { ApplyRebalanceDto, AppliedRebalanceDto, RebalancePlanDto, RebalanceQueryDto, SetTargetsDto, TargetsDto } from './portfolio-rebalance.dto';
import { PortfolioTargetsRepository } from './portfolio-targets.repository';
import { PortfolioTransactionsRepository } from './portfolio-transactions.repository';
import type { TransactionDraft } from './import/csv-import';
import type { PortfolioTransaction } from './portfolio.entity';
import { PortfoliosRepository } from './portfolios.repository';
import { PortfoliosService, toTransactionDto } from './portfolios.service';

const DEFAULT_FEE_PCT = '0.1';

/**
 * Rebalancing: target weights per portfolio, the drift from them, the trades that restore them (with fees), and
 * recording those trades as transactions in one step. The arithmetic is domain/rebalance.ts.
 */
@Injectable()
export class PortfolioRebalanceService {
  constructor(
    private readonly portfolioRows: PortfoliosRepository,
    private readonly transactions: PortfolioTransactionsRepository,
    private readonly targets: PortfolioTargetsRepository,
    private readonly ledger: PortfolioLedgerService,
    private readonly portfolios: PortfoliosService,
    @Inject(PORTFOLIO_PRICES) private readonly prices: PortfolioPriceSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async getTargets(userId: string, portfolioId: string): Promise<TargetsDto> {
    await this.portfolioRows.getOwned(userId, portfolioId);
    return { targets: await this.listTargets(portfolioId) };
  }

  async setTargets(userId: string, portfolioId: string, body: SetTargetsDto): Promise<TargetsDto> {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (const target of body.targets) {
      if (seen.has(target.asset)) problems.push({ field: 'targets', message: `${target.asset} is listed twice` });
      seen.add(target.asset);
      if (!isCashAsset(target.asset) && !(await this.prices.isKnownAsset(target.asset))) {
        problems.push({ field: 'targets', message: `${target.asset} is not a tracked market, a fiat currency or a stablecoin` });
      }
    }
    const sum = body.targets.reduce((total, target) => total.plus(target.weightPct), new Dec(0));
    if (body.targets.length > 0 && !sum.equals(100)) {
      problems.push({ field: 'targets', message: `the weights add up to ${sum.toFixed()} %: they must add up to 100 %` });
    }
    if (problems.length > 0) throw InvalidError.list('Invalid target weights', problems);
    await this.transactions.transaction(async (manager) => {
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      await this.targets.replace(
        manager,
        portfolioId,
        body.targets.map((t) => ({ asset: t.asset, weightPct: dec(t.weightPct).toFixed() })),
      );
    });
    return { targets: await this.listTargets(portfolioId) };
  }

  async plan(userId: string, portfolioId: string, query: RebalanceQueryDto): Promise<RebalancePlanDto> {
    const portfolio = await this.portfolioRows.getOwned(userId, portfolioId);
    const targets = await this.listTargets(portfolioId);
    if (targets.length === 0) throw InvalidError.of('This portfolio has no target weights yet: set them first');
    const feePct = dec(query.feePct ?? DEFAULT_FEE_PCT);
    const ledger = await this.ledger.ledgerOf(userId, portfolioId);
    const assets = [...new Set([...ledger.positions.keys(), ...targets.map((t) => t.asset)])];
    const prices = await this.ledger.currentPrices(assets);
    const summary = valueHoldings(ledger, prices);
    const targetPrices = new Map<string, Dec>();
    for (const { asset } of targets) {
      const price = prices.get(asset) ?? (isCashAsset(asset) && parValue(asset) !== null ? new Dec(parValue(asset)!) : undefined);
      if (price) targetPrices.set(asset, price);
    }
    let plan;
    try {
      plan = planRebalance({
        holdings: summary.holdings.map((h) => ({ asset: h.asset, quantity: h.quantity, price: h.price })),
        targets: new Map(targets.map((t) => [t.asset, dec(t.weightPct)])),
        prices: targetPrices,
        feeRate: feePct.dividedBy(100),
        cashAsset: portfolio.baseCurrency,
        linkedCash: portfolio.cashMode === 'linked',
      });
    } catch (error) {
      if (error instanceof RebalanceError) throw InvalidError.of(error.message);
      throw error;
    }
    const pct = (value: Dec) => value.toDecimalPlaces(4).toNumber();
    return {
      baseCurrency: portfolio.baseCurrency,
      cashMode: portfolio.cashMode,
      feePct: feePct.toNumber(),
      totalValue: formatDecimal(plan.totalValue),
      totalFees: formatDecimal(plan.totalFees),
      maxDriftPct: pct(plan.maxDriftPct),
      rows: plan.rows.map((row) => ({
        asset: row.asset,
        value: formatDecimal(row.value),
        currentPct: pct(row.currentPct),
        targetPct: pct(row.targetPct),
        driftPct: pct(row.driftPct),
      })),
      trades: plan.trades.map((trade) => ({
        type: trade.type,
        asset: trade.asset,
        quantity: trade.quantity.toFixed(),
        price: trade.price.toFixed(),
        fee: formatDecimal(trade.fee),
      })),
    };
  }

  /** Records the trades (as shown to the user) as transactions at the current time, in the given order, all or none. */
  async apply(userId: string, portfolioId: string, body: ApplyRebalanceDto): Promise<AppliedRebalanceDto> {
    const portfolio = await this.portfolioRows.getOwned(userId, portfolioId);
    if (body.trades.length === 0) throw InvalidError.of('There are no trades to record');
    const now = this.clock.now();
    const drafts: TransactionDraft[] = [];
    for (const trade of body.trades) {
      const fee = dec(trade.fee);
      const paysFee = !fee.isZero() && (trade.type === 'buy' || trade.type === 'sell');
      drafts.push(
        await this.ledger.validateDraft({
          type: trade.type,
          time: now,
          asset: trade.asset,
          quantity: trade.quantity,
          price: trade.price,
          feeAmount: paysFee ? fee.toFixed() : null,
          feeCurrency: paysFee ? portfolio.baseCurrency : null,
          note: 'Rebalance',
        }),
      );
    }
    const saved = await this.transactions.transaction(async (manager) => {
      await this.transactions.lockUser(manager, userId);
      await this.portfolioRows.getOwned(userId, portfolioId, manager);
      await this.ledger.assertTransactionRoom(manager, portfolioId, drafts.length);
      const rows = drafts.map((draft) => this.ledger.newRow(userId, portfolioId, draft));
      const scope = await this.transactions.loadScope(manager, userId, portfolioId);
      this.ledger.validateReplay(scope.portfolios, [...scope.rows, ...rows.map((row, i) => ({ ...row, id: `new-${i}` }) as PortfolioTransaction)]);
      return this.transactions.save(manager, rows);
    });
    await this.portfolios.notifyChanged(userId, [portfolioId]);
    return { transactions: await Promise.all(saved.map(async (row) => toTransactionDto(await this.transactions.getById(row.id)))) };
  }

  private async listTargets(portfolioId: string): Promise<Array<{ asset: string; weightPct: string }>> {
    return (await this.targets.list(portfolioId)).map((t) => ({ asset: t.asset, weightPct: dec(t.weightPct).toFixed() }));
  }
}
