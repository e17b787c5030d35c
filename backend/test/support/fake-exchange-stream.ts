import { AddressInfo } from 'node:net';
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A loopback fake of Binance's public spot market streams (wss://stream.binance.com:9443/ws), the part ccxt's
 * built-in websocket client uses for `watchTickers`: it answers `SUBSCRIBE` / `UNSUBSCRIBE` requests the way Binance
 * does (`{ result: null, id }`) and pushes `24hrMiniTicker` events to the connections subscribed to
 * `<symbol>@miniTicker`. ccxt talks to it for real once its `urls.api.ws` points here.
 */
export interface FakeExchangeStream {
  /** e.g. `ws://127.0.0.1:41234/ws` — the replacement for the exchange's stream base URL. */
  readonly url: string;
  /** Connections accepted so far (a reconnect adds one). */
  readonly connections: number;
  /** Streams (`btcusdt@miniTicker`) subscribed on the open connections. */
  subscribed(): string[];
  /** Waits until `stream` is subscribed on an open connection. */
  waitForSubscription(stream: string, timeoutMs?: number): Promise<void>;
  /** Pushes a mini-ticker event for `symbolId` (`BTCUSDT`) to its subscribers; `eventTime` defaults to now. */
  pushTicker(symbolId: string, price: number, eventTime?: number): number;
  /** Cuts every open connection (as a network drop would). */
  dropAll(): void;
  /** Refuses new connections (HTTP 503 on the upgrade) until set back to false. */
  refuseConnections(refuse: boolean): void;
  close(): Promise<void>;
}

export async function startFakeExchangeStream(): Promise<FakeExchangeStream> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const streamsOf = new Map<WebSocket, Set<string>>();
  let connections = 0;
  let refusing = false;

  server.on('upgrade', (req, socket, head) => {
    if (refusing || !(req.url ?? '').startsWith('/ws')) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws) => {
    connections++;
    streamsOf.set(ws, new Set());
    ws.on('close', () => streamsOf.delete(ws));
    ws.on('message', (data) => {
      let request: { method?: string; params?: unknown; id?: unknown };
      try {
        request = JSON.parse(String(data)) as typeof request;
      } catch {
        ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid JSON' } }));
        return;
      }
      const params = Array.isArray(request.params) ? request.params.map(String) : [];
      const streams = streamsOf.get(ws);
      if (request.method === 'SUBSCRIBE') params.forEach((stream) => streams?.add(stream));
      else if (request.method === 'UNSUBSCRIBE') params.forEach((stream) => streams?.delete(stream));
      ws.send(JSON.stringify({ result: null, id: request.id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const subscribed = (): string[] => [...new Set([...streamsOf.values()].flatMap((streams) => [...streams]))];
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    get connections() {
      return connections;
    },
    subscribed,
    async waitForSubscription(stream, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!subscribed().includes(stream)) {
        if (Date.now() > deadline) throw new Error(`nobody subscribed to ${stream} within ${timeoutMs} ms (subscribed: ${subscribed().join(', ')})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    pushTicker(symbolId, price, eventTime = Date.now()) {
      const stream = `${symbolId.toLowerCase()}@miniTicker`;
      const event = JSON.stringify({
        e: '24hrMiniTicker',
        E: eventTime,
        s: symbolId,
        c: String(price),
        o: String(price / 1.02),
        h: String(price * 1.01),
        l: String(price / 1.03),
        v: '1234.5',
        q: String(1234.5 * price),
      });
      let sent = 0;
      for (const [ws, streams] of streamsOf) {
        if (streams.has(stream) && ws.readyState === WebSocket.OPEN) {
          ws.send(event);
          sent++;
        }
      }
      return sent;
    },
    dropAll() {
      for (const ws of streamsOf.keys()) ws.terminate();
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    async close() {
      for (const ws of streamsOf.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
