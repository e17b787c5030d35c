import type { Env } from '../config/env.schema';
import { MarketIds } from './market-id';

/** One configured exchange: a ccxt exchange, or the CSV replay source. */
export interface ExchangeSpec {
  id: string;
  kind: 'ccxt' | 'replay';
  /** REST base override (a mirror; the tests' loopback fake exchange). */
  publicApiUrl?: string;
  /** Websocket base override. */
  wsUrl?: string;
}

export const REPLAY_EXCHANGE = 'replay';

/** `id=url,id=url` → Map (a bad entry fails start-up with its name). */
function urlMap(name: string, entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const id = entry.slice(0, eq).trim().toLowerCase();
    const url = entry.slice(eq + 1).trim();
    if (eq <= 0 || !URL.canParse(url)) throw new Error(`${name}: "${entry}" is not exchange=url, e.g. kraken=http://127.0.0.1:9001`);
    map.set(id, url);
  }
  return map;
}

/**
 * The exchanges this install tracks, home first: EXCHANGES, or (unset) the one of MARKET_SOURCE / EXCHANGE_ID as
 * before several exchanges existed. `isCcxtExchange` says whether ccxt knows an id (injected: no ccxt import here).
 */
export function exchangeSpecs(env: Env, isCcxtExchange: (id: string) => boolean): ExchangeSpec[] {
  const ids = configuredExchangeIds(env);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`EXCHANGES: "${duplicate}" is listed twice`);
  if (ids.includes(REPLAY_EXCHANGE) && ids.length > 1 && env.REPLAY_SPEED !== 1) {
    throw new Error(`EXCHANGES mixes replay with live exchanges: REPLAY_SPEED must be 1 (one market clock for all), not ${env.REPLAY_SPEED}`);
  }
  const apiUrls = urlMap('EXCHANGE_API_URLS', env.EXCHANGE_API_URLS);
  const wsUrls = urlMap('EXCHANGE_WS_URLS', env.EXCHANGE_WS_URLS);
  const firstCcxt = ids.find((id) => id !== REPLAY_EXCHANGE);
  for (const id of [...apiUrls.keys(), ...wsUrls.keys()]) {
    if (!ids.includes(id)) throw new Error(`EXCHANGE_API_URLS / EXCHANGE_WS_URLS name "${id}", which is not in EXCHANGES (${ids.join(',')})`);
  }
  return ids.map((id): ExchangeSpec => {
    if (id === REPLAY_EXCHANGE) return { id, kind: 'replay' };
    if (!isCcxtExchange(id)) {
      throw new Error(`EXCHANGES: "${id}" is not an exchange ccxt knows (ids are lowercase, like binance, kraken, coinbase) nor "replay"`);
    }
    const legacy = id === firstCcxt;
    return {
      id,
      kind: 'ccxt',
      publicApiUrl: apiUrls.get(id) ?? (legacy ? env.EXCHANGE_PUBLIC_API_URL : undefined),
      wsUrl: wsUrls.get(id) ?? (legacy ? env.EXCHANGE_WS_URL : undefined),
    };
  });
}

/** The configured exchange ids, home first (unvalidated: exchangeSpecs checks them at start-up). */
export function configuredExchangeIds(env: Env): string[] {
  return env.EXCHANGES.length > 0 ? env.EXCHANGES.map((id) => id.trim().toLowerCase()) : [env.MARKET_SOURCE === 'replay' ? REPLAY_EXCHANGE : env.EXCHANGE_ID];
}

/** The install's market ids, from configuration alone (for domains that do not import the markets module). */
export function marketIdsOf(env: Env): MarketIds {
  const ids = configuredExchangeIds(env);
  return new MarketIds(ids[0]!, ids);
}

/** Exchanges in the order portfolios take an asset's price from: PRICE_EXCHANGES, then the rest of EXCHANGES. */
export function priceExchangeOrder(env: Env, exchanges: readonly string[]): string[] {
  const preferred = env.PRICE_EXCHANGES.map((id) => id.trim().toLowerCase());
  const unknown = preferred.find((id) => !exchanges.includes(id));
  if (unknown) throw new Error(`PRICE_EXCHANGES: "${unknown}" is not in EXCHANGES (${exchanges.join(',')})`);
  return [...new Set([...preferred, ...exchanges])];
}

/** A readable exchange name for people (ccxt's `name` where known). */
export function exchangeDisplayName(id: string, ccxtName?: string): string {
  if (id === REPLAY_EXCHANGE) return 'Replay';
  return ccxtName ?? id.charAt(0).toUpperCase() + id.slice(1);
}
