import { Injectable } from '@nestjs/common';
import { valueHoldings } from '../portfolios/domain/holdings';
import { Dec } from '../portfolios/domain/money';
import { QUOTE_CURRENCIES } from '../portfolios/domain/types';
import { MarketsService } from '../markets/markets.service';
import { VALUATION_QUOTE } from '../portfolios/portfolio-prices';
import { PortfolioLedgerService } from '../portfolios/portfolio-ledger.service';
import { PortfoliosRepository } from '../portfolios/portfolios.repository';
import type { PortfolioValuer } from './alert-ports';

/**
 * PORTFOLIO_VALUER over the portfolios domain: the ledger replayed by PortfolioLedgerService, valued with
 * the engine's latest tick prices (falling back to the portfolios domain's own price source for an
 * asset the engine has not seen a tick of yet).
 */
@Injectable()
export class PortfoliosValuerAdapter implements PortfolioValuer {
  constructor(
    private readonly ledgers: PortfolioLedgerService,
    private readonly portfolios: PortfoliosRepository,
    private readonly markets: MarketsService,
  ) {}

  async belongsTo(portfolioId: string, userId: string): Promise<boolean> {
    return (await this.portfolios.findOwned(userId, portfolioId)) !== null;
  }

  async value(userId: string, portfolioId: string, prices: ReadonlyMap<string, number>): Promise<{ value: number; symbols: string[] } | null> {
    const ledger = await this.ledgers.findLedger(userId, portfolioId);
    if (!ledger) return null;
    const assets = [...ledger.positions.keys()].filter((asset) => !QUOTE_CURRENCIES.has(asset));
    const assetPrices = new Map<string, Dec>();
    const missing: string[] = [];
    // Each asset at the first exchange in the price order (PRICE_EXCHANGES) the engine has a tick of.
    const candidates = new Map(assets.map((asset) => [asset, this.markets.priceCandidates(asset, VALUATION_QUOTE)]));
    for (const asset of assets) {
      const market = candidates.get(asset)!.find((id) => prices.has(id));
      const price = market === undefined ? undefined : prices.get(market);
      if (price === undefined) missing.push(asset);
      else assetPrices.set(asset, new Dec(String(price)));
    }
    if (missing.length > 0) for (const [asset, price] of await this.ledgers.currentPrices(missing)) assetPrices.set(asset, price);
    return { value: valueHoldings(ledger, assetPrices).totalValue.toNumber(), symbols: [...candidates.values()].flat() };
  }
}
