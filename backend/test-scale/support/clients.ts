import { io, Socket } from 'socket.io-client';
import type { Tick } from '../../src/markets/tick';

export interface RecordingClient {
  socket: Socket;
  ticks: Tick[];
  notifications: unknown[];
  connects: number;
  close(): void;
}

/**
 * A socket.io client the way the dashboard uses it: token in the handshake, re-subscribes after every
 * (re)connect. `polling` uses the default transports (long-polling, then upgrade) with the cookie jar, which is
 * what needs nginx's sticky route cookie; otherwise websocket only.
 */
export async function connectClient(
  baseUrl: string,
  token: string,
  symbols: string[],
  transport: 'websocket' | 'polling' = 'websocket',
): Promise<RecordingClient> {
  const socket = io(baseUrl, {
    path: '/socket.io',
    auth: { token },
    ...(transport === 'websocket' ? { transports: ['websocket'] } : { withCredentials: true }),
    reconnectionDelay: 200,
    reconnectionDelayMax: 1_000,
    forceNew: true,
  });
  const client: RecordingClient = { socket, ticks: [], notifications: [], connects: 0, close: () => socket.close() };
  socket.on('ticker', (tick: Tick) => client.ticks.push(tick));
  socket.on('notification', (payload: unknown) => client.notifications.push(payload));
  const subscribed = new Promise<void>((resolve, reject) => {
    socket.on('connect', () => {
      client.connects++;
      socket.emit('subscribe', { symbols }, (ack: { ok: boolean; error?: string }) => (ack.ok ? resolve() : reject(new Error(ack.error))));
    });
    socket.once('connect_error', (error) => {
      if (client.connects === 0) reject(error);
    });
  });
  await subscribed;
  return client;
}

export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(baseUrl + url, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (HTML from nginx, Prometheus text)
  }
  return { status: response.status, body: body as T };
}

let counter = 0;
export async function registerThrough(baseUrl: string): Promise<{ token: string; userId: string }> {
  const email = `scale${++counter}-${process.pid}-${Date.now()}@example.com`;
  const { status, body } = await api<{ accessToken: string; user: { id: string } }>(baseUrl, 'POST', '/api/v1/auth/register', {
    body: { email, password: 'correct horse battery 42' },
  });
  if (status !== 201) throw new Error(`register through nginx failed: ${status} ${JSON.stringify(body)}`);
  return { token: body.accessToken, userId: body.user.id };
}

/** Value of a Prometheus series with exactly these labels (any order). */
export function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const inner = line.slice(name.length + 1, line.lastIndexOf('}'));
    const pairs: Record<string, string> = {};
    for (const part of inner.split(/,(?=\w+=")/)) pairs[part.slice(0, part.indexOf('='))] = JSON.parse(part.slice(part.indexOf('=') + 1));
    const keys = Object.keys(labels);
    if (keys.length === Object.keys(pairs).length && keys.every((key) => pairs[key] === labels[key])) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
