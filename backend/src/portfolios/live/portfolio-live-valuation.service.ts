import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CLOCK, Clock, PUBSUB, PubSub } from '../../infra/ports';
import { MARKET_TICKS_CHANNEL, type Tick } from '../../markets/tick';
import { StreamPublisher } from '../../stream/stream-publisher';
import { serializeHoldings, valueHoldings } from '../domain/holdings';
import type { PortfolioLedger } from '../domain/ledger';
import { Dec } from '../domain/money';
import { VALUATION_QUOTE } from '../portfolio-prices';
import { PortfolioLedgerService } from '../portfolio-ledger.service';
import { PortfolioTransactionsRepository } from '../portfolio-transactions.repository';
import { PortfoliosRepository } from '../portfolios.repository';
import { PORTFOLIOS_CHANGED_CHANNEL, type PortfoliosChanged } from './portfolio-change-publisher';

/** Replayed ledgers kept in memory; beyond this the oldest are dropped (and replayed again when needed). */
const MAX_CACHED_LEDGERS = 2_000;

interface PortfolioState {
  userId: string;
  baseCurrency: string;
  ledger: PortfolioLedger;
}

/** Payload of the socket `portfolio` event (room `user:<id>`): the holdings response plus which portfolio. */
export type PortfolioUpdate = ReturnType<typeof serializeHoldings> & { portfolioId: string; timestamp: string };

/**
 * Live valuation: reacts to `market:ticks` (never polls), and at most once per PORTFOLIO_LIVE_THROTTLE_MS pushes
 * the new value of every portfolio holding a moved asset to its owner's room. Runs in the worker role only, so
 * each update is emitted once however many api replicas there are (StreamPublisher reaches all of them).
 * Replayed ledgers are cached and dropped when `portfolios:changed` says a portfolio was edited.
 */
@Injectable()
export class PortfolioLiveValuation implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PortfolioLiveValuation.name);
  private readonly latestPrices = new Map<string, Dec>();
  private readonly dirtyAssets = new Set<string>();
  private readonly dirtyPortfolios = new Set<string>();
  private readonly states = new Map<string, PortfolioState>();
  /** asset → portfolios with a transaction in it (rebuilt per portfolio on change). */
  private readonly holders = new Map<string, Set<string>>();
  private readonly unsubscribers: Array<() => Promise<void>> = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private started = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
    private readonly portfolios: PortfoliosRepository,
    private readonly transactions: PortfolioTransactionsRepository,
    private readonly ledgers: PortfolioLedgerService,
    private readonly stream: StreamPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get throttleMs(): number {
    return this.config.env.PORTFOLIO_LIVE_THROTTLE_MS;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorker) return;
    await this.start();
  }

  /** Loads the asset index and subscribes; separate from bootstrap so tests can start it explicitly. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.indexHolders();
    this.unsubscribers.push(await this.pubsub.subscribe<Tick>(MARKET_TICKS_CHANNEL, (tick) => this.onTick(tick)));
    this.unsubscribers.push(await this.pubsub.subscribe<PortfoliosChanged>(PORTFOLIOS_CHANGED_CHANNEL, (message) => this.onChanged(message)));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const unsubscribe of this.unsubscribers.splice(0)) await unsubscribe().catch(() => undefined);
    await this.flushing;
  }

  onTick(tick: Tick): void {
    const [asset, quote] = tick.symbol.split('/');
    if (!asset || quote !== VALUATION_QUOTE || !Number.isFinite(tick.price) || tick.price <= 0) return;
    this.latestPrices.set(asset, new Dec(String(tick.price)));
    if (this.holders.has(asset)) {
      this.dirtyAssets.add(asset);
      this.schedule();
    }
  }

  async onChanged(message: PortfoliosChanged): Promise<void> {
    // A message delivered while the app shuts down must not query a database that is being closed.
    if (this.stopped) return;
    for (const id of message.portfolioIds) this.states.delete(id);
    await this.indexHolders(message.portfolioIds);
    for (const id of message.portfolioIds) this.dirtyPortfolios.add(id);
    this.schedule();
  }

  /** Emits pending updates now (the timer calls this; tests may too). */
  async flush(): Promise<void> {
    this.timer = undefined;
    // Portfolio → the moved assets it has ever traded (null: it changed, push whatever moved).
    const targets = new Map<string, Set<string> | null>();
    for (const id of this.dirtyPortfolios) targets.set(id, null);
    for (const asset of this.dirtyAssets) {
      for (const id of this.holders.get(asset) ?? []) {
        const assets = targets.get(id);
        if (assets === null) continue;
        if (assets) assets.add(asset);
        else targets.set(id, new Set([asset]));
      }
    }
    this.dirtyAssets.clear();
    this.dirtyPortfolios.clear();
    for (const [portfolioId, movedAssets] of targets) {
      try {
        await this.push(portfolioId, movedAssets);
      } catch (error) {
        this.logger.warn(`live valuation of portfolio ${portfolioId} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private schedule(): void {
    if (this.timer || !this.started) return;
    // Throttle: changes arriving during the window are folded into one update per portfolio.
    this.timer = setTimeout(() => {
      this.flushing = this.flush().finally(() => (this.flushing = undefined));
    }, this.throttleMs);
    this.timer.unref?.();
  }

  private async push(portfolioId: string, movedAssets: Set<string> | null): Promise<void> {
    const state = await this.stateOf(portfolioId);
    if (!state) return;
    // A closed position's price moving changes nothing worth a message.
    if (movedAssets && ![...movedAssets].some((asset) => state.ledger.positions.get(asset)?.quantity.greaterThan(0))) return;
    const assets = [...state.ledger.positions.keys()];
    const prices = new Map<string, Dec>();
    const missing = assets.filter((asset) => {
      const live = this.latestPrices.get(asset);
      if (live) prices.set(asset, live);
      return !live;
    });
    if (missing.length > 0) for (const [asset, price] of await this.ledgers.currentPrices(missing)) prices.set(asset, price);
    const update: PortfolioUpdate = {
      portfolioId,
      timestamp: this.clock.now().toISOString(),
      ...serializeHoldings(valueHoldings(state.ledger, prices), state.baseCurrency),
    };
    this.stream.toUser(state.userId, 'portfolio', update);
  }

  private async stateOf(portfolioId: string): Promise<PortfolioState | undefined> {
    const cached = this.states.get(portfolioId);
    if (cached) return cached;
    const owner = await this.portfolios.ownerOf(portfolioId);
    if (!owner) return undefined; // deleted meanwhile
    const state = { ...owner, ledger: await this.ledgers.ledgerOf(owner.userId, portfolioId) };
    if (this.states.size >= MAX_CACHED_LEDGERS) this.states.delete(this.states.keys().next().value!);
    this.states.set(portfolioId, state);
    return state;
  }

  /** (Re)builds asset → portfolios, for all portfolios or only the given ones. */
  private async indexHolders(portfolioIds?: string[]): Promise<void> {
    if (portfolioIds) {
      for (const set of this.holders.values()) for (const id of portfolioIds) set.delete(id);
    }
    const rows = await this.transactions.assetsByPortfolio(portfolioIds);
    for (const row of rows) {
      let set = this.holders.get(row.asset);
      if (!set) this.holders.set(row.asset, (set = new Set()));
      set.add(row.portfolio_id);
    }
  }
}
