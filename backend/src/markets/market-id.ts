/**
 * Market identity: a market is (exchange, symbol). Everywhere a market is named by one string — alert rules,
 * forecasts, socket rooms, the tick cache, URLs — that string is its market id: the bare ccxt symbol (`BTC/USDT`) on
 * the home exchange (the first of EXCHANGES), `BTC/USDT@kraken` on any other. A one-exchange install (the common
 * case, and every install before several exchanges existed) keeps the ids it always had; storage that has an
 * exchange column (candles, the catalogue, watchlists) stores the pair and the exchange apart.
 * Pure, no framework imports.
 */
import { pairOf, parseSymbol } from './symbols';

/** DI token of the install's MarketIds (the MarketDataRouter's). */
export const MARKET_IDS = Symbol('MARKET_IDS');

export interface MarketRef {
  exchange: string;
  /** The exchange's ccxt unified symbol, `BTC/USDT`. */
  symbol: string;
}

export class MarketIds {
  constructor(
    /** The home exchange: its markets' ids carry no suffix. */
    readonly home: string,
    /** Every configured exchange, home first. */
    readonly exchanges: readonly string[] = [home],
  ) {}

  /** The id of `symbol` on `exchange`. */
  id(exchange: string, symbol: string): string {
    return exchange === this.home ? symbol : `${symbol}@${exchange}`;
  }

  /** The exchange and pair of a market id (a bare symbol is on the home exchange). */
  ref(market: string): MarketRef {
    const at = market.lastIndexOf('@');
    return at >= 0 ? { exchange: market.slice(at + 1), symbol: market.slice(0, at) } : { exchange: this.home, symbol: market };
  }

  exchangeOf(market: string): string {
    return this.ref(market).exchange;
  }

  /**
   * A person's spelling of a market (`btc-usdt`, `BTCUSDT@Kraken`, `BTC/USDT@binance` where binance is home) → its
   * canonical id; undefined when it is no symbol. Whether the exchange is configured is the caller's question.
   */
  parse(input: string): string | undefined {
    const parsed = parseSymbol(input);
    if (!parsed) return undefined;
    const ref = this.ref(parsed);
    return this.id(ref.exchange, pairOf(parsed));
  }

  /** How people read a market id: `BTC/USDT` on the home exchange, `BTC/USDT on kraken` elsewhere. */
  label(market: string): string {
    const ref = this.ref(market);
    return ref.exchange === this.home ? ref.symbol : `${ref.symbol} on ${ref.exchange}`;
  }

  /** Market ids grouped by exchange (in the order first seen), each with its pairs. */
  byExchange(markets: readonly string[]): Map<string, { ids: string[]; symbols: string[] }> {
    const groups = new Map<string, { ids: string[]; symbols: string[] }>();
    for (const market of markets) {
      const ref = this.ref(market);
      let group = groups.get(ref.exchange);
      if (!group) groups.set(ref.exchange, (group = { ids: [], symbols: [] }));
      group.ids.push(market);
      group.symbols.push(ref.symbol);
    }
    return groups;
  }
}
