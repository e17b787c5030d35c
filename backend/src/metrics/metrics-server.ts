import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A bare HTTP listener answering `GET /metrics` for processes that have no API server (the worker). Kept outside
 * Fastify on purpose: the worker has no HTTP stack, and this must keep answering while the process is busy.
 */
export async function startMetricsServer(
  port: number,
  host: string,
  render: () => Promise<{ contentType: string; body: string }>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    render().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
