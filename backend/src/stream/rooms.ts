/** socket.io room names: one per market symbol, one per user (all of that user's sockets). */
export function symbolRoom(symbol: string): string {
  return `symbol:${symbol}`;
}

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** The sockets of a user that subscribed with `{ watchlist: true }`: they follow the user's stars as they change. */
export function watchlistRoom(userId: string): string {
  return `watchlist:${userId}`;
}

/** Server → client event names. */
export type StreamEvent = 'ticker' | 'candle' | 'forecast' | 'notification' | 'portfolio' | 'market_backfill';

/** Most symbols one socket may subscribe to in one message (a guard against abusive payloads). */
export const MAX_SYMBOLS_PER_SUBSCRIBE = 50;
/** Most symbol rooms one socket may be in at once (rooms cost server memory per socket). */
export const MAX_SYMBOLS_PER_SOCKET = 100;

export const SYMBOL_ROOM_PREFIX = 'symbol:';
