import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { addressProblem, Lookup, resolvePublicAddress, systemLookup, WebhookRefused } from './webhook-url';

/** The outside HTTP call of a webhook delivery, behind an interface so tests can observe or replace it. */
export interface WebhookResponse {
  status: number;
}

export interface WebhookTransport {
  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookResponse>;
}

export const WEBHOOK_TRANSPORT = Symbol('WEBHOOK_TRANSPORT');

/** The `lookup` undici's connector calls: resolves, validates every address, and hands back the checked one. */
export function validatingLookup(resolve: Lookup): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: unknown, family?: number) => void) => {
    resolvePublicAddress(hostname, resolve).then(
      ({ address, family }) => (options?.all ? callback(null, [{ address, family }]) : callback(null, address, family)),
      (error: Error) => callback(error, undefined),
    );
  }) as unknown as LookupFunction;
}

/**
 * Webhook egress pinned to checked addresses: the connection's own DNS lookup is the validating one above, so the
 * address that was checked is the address connected to (no window for DNS rebinding), IP-literal hosts are checked
 * before connecting, and redirects are never followed (undici.request does not follow them).
 */
export class PinnedWebhookTransport implements WebhookTransport {
  private readonly agent: Agent;

  constructor(
    private readonly allowPrivate: boolean,
    private readonly resolve: Lookup = systemLookup,
  ) {
    this.agent = new Agent({ connect: allowPrivate ? {} : { lookup: validatingLookup(resolve) }, keepAliveTimeout: 1_000, connections: 16 });
  }

  async post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookResponse> {
    const target = new URL(url);
    // net.connect skips `lookup` for IP literals: check those here.
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!this.allowPrivate && isIP(host)) {
      const problem = addressProblem(host);
      if (problem) throw new WebhookRefused(`webhook address ${host}: ${problem}`);
    }
    const response = await request(target, {
      method: 'POST',
      headers,
      body,
      dispatcher: this.agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.dump().catch(() => undefined);
    return { status: response.statusCode };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** What a user is told about a failed attempt: never internal addresses, resolver output or socket errors. */
export function coarseDeliveryError(error: unknown): string {
  if (error instanceof WebhookRefused || (error as { cause?: unknown })?.cause instanceof WebhookRefused)
    return 'destination refused: webhooks may only reach public internet addresses';
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${(error.cause as Error | undefined)?.message ?? ''} ${(error as { code?: string }).code ?? ''}`
      : String(error);
  if (/does not resolve|ENOTFOUND|EAI_AGAIN/.test(text)) return 'the host name does not resolve';
  if (/WebhookRefused|resolves to/.test(text)) return 'destination refused: webhooks may only reach public internet addresses';
  if (/timeout|Timeout|aborted|AbortError/.test(text)) return 'timed out waiting for the receiver';
  return 'could not connect to the receiver';
}
