import { request } from 'undici';
import { trimTrailingSlashes } from '../common/trim-slashes';

/** One update of getUpdates, as far as linking needs it. */
export interface TelegramUpdate {
  update_id: number;
  message?: { chat: { id: number | string }; text?: string };
}

export class TelegramError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
  /** The chat is gone for good (bot blocked, chat deleted): unlink instead of retrying. */
  get chatGone(): boolean {
    return this.status === 403 || (this.status === 400 && /chat not found/i.test(this.message));
  }
}

/** The Bot API calls Coincast makes (https://core.telegram.org/bots/api), behind an interface for tests. */
export interface TelegramApi {
  readonly configured: boolean;
  getMe(): Promise<{ username: string }>;
  getUpdates(offset: number): Promise<TelegramUpdate[]>;
  sendMessage(chatId: string, text: string): Promise<void>;
}
export const TELEGRAM_API = Symbol('TELEGRAM_API');

/** The Bot API over HTTPS (TELEGRAM_API_URL/bot<token>/<method>), JSON in and out, with a timeout per call. */
export class HttpTelegramApi implements TelegramApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  get configured(): boolean {
    return !!this.token;
  }

  async getMe(): Promise<{ username: string }> {
    return this.call<{ username: string }>('getMe', {});
  }

  async getUpdates(offset: number): Promise<TelegramUpdate[]> {
    return this.call<TelegramUpdate[]>('getUpdates', { offset, timeout: 0, allowed_updates: ['message'] });
  }

  async sendMessage(chatId: string, text: string): Promise<void> {
    await this.call('sendMessage', { chat_id: chatId, text, disable_web_page_preview: true });
  }

  private async call<T>(method: string, body: object): Promise<T> {
    if (!this.token) throw new TelegramError('TELEGRAM_BOT_TOKEN is not set', null);
    const url = `${trimTrailingSlashes(this.baseUrl)}/bot${this.token}/${method}`;
    let status: number;
    let payload: { ok?: boolean; result?: T; description?: string };
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = response.statusCode;
      payload = (await response.body.json().catch(() => ({}))) as typeof payload;
    } catch (error) {
      // Never echo the URL: it contains the bot token.
      throw new TelegramError(`Telegram could not be reached (${(error as { code?: string }).code ?? 'network error'})`, null);
    }
    if (status < 200 || status >= 300 || !payload.ok) throw new TelegramError(`Telegram answered ${status}: ${payload.description ?? 'error'}`, status);
    return payload.result as T;
  }
}
