import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConflictError, DomainError, InvalidError, NotFoundError, UnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, JobQueue } from '../infra/ports';
import { MarketsService } from '../markets/markets.service';
import { PortfolioImportService, type ExternalRow } from '../portfolios/portfolio-import.service';
import { PortfolioLedgerService } from '../portfolios/portfolio-ledger.service';
import { PortfoliosService } from '../portfolios/portfolios.service';
import { ExchangeAccount, ExchangeSync, ExchangeSyncConflict, SkippedRow, StoredDraft, SyncCursor, SyncTrigger } from './exchange-account.entity';
import { ExchangeAccountsRepository } from './exchange-accounts.repository';
import type { ExchangeAccountDto, ExchangeConflictDto, ExchangeSyncDto, SupportedExchangeDto } from './exchange-accounts.dto';
import {
  EXCHANGE_CLIENTS,
  ExchangeAccountClient,
  ExchangeClientFactory,
  ExchangeTrade,
  ExchangeTransfer,
  ExchangeUnavailableError,
  KeyRejectedError,
} from './exchange-client';
import { describeRow, nextTradeId, tradeRows, transferRows } from './exchange-rows';
import { resolveSecretsKey, SecretBox, SecretUnreadableError } from './secret-box';

export const EXCHANGE_QUEUE = 'exchange-accounts';
/** Trades asked for per request (Binance's maximum). */
export const TRADE_PAGE = 1_000;
const SYNC_LOG_LENGTH = 20;
/** How far before its cursor a sync reads deposits and withdrawals again (see runSync). */
export const TRANSFER_OVERLAP_MS = 7 * 86_400_000;
/** The skipped rows one sync log entry keeps (the count is always complete). */
const MAX_SKIPPED_LOGGED = 200;

const EXCHANGE_NAMES: Record<string, string> = { binance: 'Binance' };
const PERMISSION_CHECKS = new Set(['binance']);

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** Import hashes are derived from this and the exchange's row ids: reconnecting the same exchange account imports nothing twice. */
const sourceKey = (account: Pick<ExchangeAccount, 'exchange'>): string => `exchange:${account.exchange}`;

export function toSyncDto(sync: ExchangeSync): ExchangeSyncDto {
  return {
    id: sync.id,
    trigger: sync.trigger,
    status: sync.status,
    phase: sync.phase,
    fetched: sync.fetched,
    added: sync.added,
    duplicates: sync.duplicates,
    conflicts: sync.conflicts,
    skipped: sync.skipped.map((row) => ({ what: row.what, reason: row.reason, time: new Date(row.time).toISOString() })),
    error: sync.error,
    startedAt: iso(sync.startedAt),
    finishedAt: iso(sync.finishedAt),
    createdAt: sync.createdAt.toISOString(),
  };
}

function toConflictDto(conflict: ExchangeSyncConflict): ExchangeConflictDto {
  const draft = conflict.draft;
  return {
    id: conflict.id,
    what: describeRow(draft),
    exchangeRow: { type: draft.type, time: new Date(draft.time).toISOString(), asset: draft.asset, quantity: draft.quantity, price: draft.price },
    manualTransactionId: conflict.manualTransactionId,
    createdAt: conflict.createdAt.toISOString(),
  };
}

/**
 * Exchange accounts: connecting one (a read-only key, checked with the exchange, its secret sealed), and syncing
 * it — trades, deposits and withdrawals read through the ExchangeAccountClient port from the account's cursor on,
 * imported into its portfolio through the portfolios domain's idempotent import. Secrets never leave this service
 * except into the exchange client, and never reach a log line or a response.
 */
@Injectable()
export class ExchangeAccountsService {
  private readonly logger = new Logger('ExchangeAccounts');
  private box?: SecretBox;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: ExchangeAccountsRepository,
    private readonly portfolios: PortfoliosService,
    private readonly importer: PortfolioImportService,
    private readonly ledger: PortfolioLedgerService,
    private readonly markets: MarketsService,
    @Inject(EXCHANGE_CLIENTS) private readonly clients: ExchangeClientFactory,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  /** Resolved on first use, so a server that never stores a secret needs no SECRETS_KEY. */
  private secrets(): SecretBox {
    if (!this.box) {
      try {
        this.box = new SecretBox(resolveSecretsKey(this.config.env).key);
      } catch (error) {
        this.logger.error((error as Error).message);
        throw new UnavailableError('Exchange accounts are not set up on this server: its operator has to set SECRETS_KEY (see the README).');
      }
    }
    return this.box;
  }

  supported(): SupportedExchangeDto[] {
    return this.clients.supported.map((id) => ({ id, name: EXCHANGE_NAMES[id] ?? id, checksPermissions: PERMISSION_CHECKS.has(id) }));
  }

  private exchangeName(exchange: string): string {
    return EXCHANGE_NAMES[exchange] ?? exchange;
  }

  /**
   * Refuses a key the exchange does not accept, or one that may do more than read (trade, withdraw, transfer):
   * Coincast only reads, and a leaked read-only key cannot move funds.
   */
  private async checkKey(exchange: string, client: ExchangeAccountClient): Promise<void> {
    const name = this.exchangeName(exchange);
    let permissions;
    try {
      permissions = await client.permissions();
    } catch (error) {
      if (error instanceof KeyRejectedError) {
        throw InvalidError.of(
          `${name} did not accept this API key and secret. Check that both were copied in full, that the key is not deleted, and that it is not restricted to other IP addresses.`,
          'apiKey',
        );
      }
      if (error instanceof ExchangeUnavailableError) throw new UnavailableError(`${name} could not be reached to check the key. Try again in a few minutes.`);
      throw error;
    }
    if (!permissions) return;
    if (permissions.beyondReading.length > 0) {
      throw InvalidError.of(
        `This API key also allows ${permissions.beyondReading.join(', ')}. Coincast only needs to read your account: in ${name}'s API management create a key with only "Enable Reading" ticked, and connect that one.`,
        'apiKey',
      );
    }
    if (!permissions.reading)
      throw InvalidError.of(`This API key cannot read the account. In ${name}'s API management tick "Enable Reading" for it.`, 'apiKey');
  }

  async connect(userId: string, body: { portfolioId: string; exchange: string; label?: string; apiKey: string; secret: string }): Promise<ExchangeAccountDto> {
    const exchange = body.exchange.trim().toLowerCase();
    if (!this.clients.supported.includes(exchange)) {
      throw InvalidError.of(
        `${body.exchange} cannot be connected yet; supported: ${this.clients.supported.map((id) => this.exchangeName(id)).join(', ')}.`,
        'exchange',
      );
    }
    const portfolio = await this.portfolios.get(userId, body.portfolioId);
    if (await this.repository.findByKey(userId, exchange, body.apiKey)) throw new ConflictError('This API key is already connected.');
    const box = this.secrets();
    await this.checkKey(exchange, this.clients.create(exchange, { apiKey: body.apiKey, secret: body.secret }));
    const id = randomUUID();
    const account = await this.repository.insertAccount({
      id,
      userId,
      portfolioId: portfolio.id,
      exchange,
      label: body.label?.trim() || `${this.exchangeName(exchange)} account`,
      apiKey: body.apiKey,
      secretSealed: box.seal(body.secret, id),
    });
    await this.requestSync(userId, account.id, 'manual');
    return this.get(userId, account.id);
  }

  async list(userId: string): Promise<ExchangeAccountDto[]> {
    const accounts = await this.repository.listOwned(userId);
    return this.toDtos(userId, accounts);
  }

  async get(userId: string, id: string): Promise<ExchangeAccountDto> {
    return (await this.toDtos(userId, [await this.owned(userId, id)]))[0]!;
  }

  private async owned(userId: string, id: string): Promise<ExchangeAccount> {
    const account = await this.repository.findOwned(userId, id);
    if (!account) throw new NotFoundError('Exchange account not found');
    return account;
  }

  private async toDtos(userId: string, accounts: ExchangeAccount[]): Promise<ExchangeAccountDto[]> {
    const ids = accounts.map((account) => account.id);
    const [latest, conflicts, portfolios] = await Promise.all([
      this.repository.latestSyncs(ids),
      this.repository.openConflictCounts(ids),
      this.portfolios.list(userId),
    ]);
    const names = new Map(portfolios.map((portfolio) => [portfolio.id, portfolio.name]));
    return accounts.map((account) => {
      const last = latest.get(account.id);
      return {
        id: account.id,
        portfolioId: account.portfolioId,
        portfolioName: names.get(account.portfolioId) ?? '',
        exchange: account.exchange,
        exchangeName: this.exchangeName(account.exchange),
        label: account.label,
        apiKeyHint: `…${account.apiKey.slice(-4)}`,
        status: account.status,
        statusMessage: account.statusMessage,
        lastSyncedAt: iso(account.lastSyncedAt),
        lastSync: last ? toSyncDto(last) : null,
        openConflicts: conflicts.get(account.id) ?? 0,
        createdAt: account.createdAt.toISOString(),
      };
    });
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.repository.deleteOwned(userId, id))) throw new NotFoundError('Exchange account not found');
  }

  /** A new key for an account whose key was revoked (or is being rotated); checked like a new connection. */
  async replaceKey(userId: string, id: string, body: { apiKey: string; secret: string }): Promise<ExchangeAccountDto> {
    const account = await this.owned(userId, id);
    const other = await this.repository.findByKey(userId, account.exchange, body.apiKey);
    if (other && other.id !== account.id) throw new ConflictError('This API key is already connected to another account.');
    const box = this.secrets();
    await this.checkKey(account.exchange, this.clients.create(account.exchange, { apiKey: body.apiKey, secret: body.secret }));
    await this.repository.replaceKey(account.id, body.apiKey, box.seal(body.secret, account.id));
    await this.requestSync(userId, account.id, 'manual');
    return this.get(userId, account.id);
  }

  /** Queues a sync (or answers the one already queued or running). */
  async requestSync(userId: string, id: string, trigger: SyncTrigger): Promise<ExchangeSyncDto> {
    const account = await this.owned(userId, id);
    if (account.status === 'needs_key') {
      throw InvalidError.of(`${this.exchangeName(account.exchange)} refused this account's API key. Connect a new read-only key to sync it again.`);
    }
    return toSyncDto(await this.queue(account, trigger));
  }

  private async queue(account: ExchangeAccount, trigger: SyncTrigger): Promise<ExchangeSync> {
    const { sync, created } = await this.repository.queueSync(account, trigger);
    if (created)
      await this.jobs.enqueue(EXCHANGE_QUEUE, 'exchange-sync', { accountId: account.id, syncId: sync.id }, { jobId: `exchange-sync:${sync.id}`, attempts: 1 });
    return sync;
  }

  /** The schedule's pass: a sync of every account whose key still works. */
  async queueScheduled(): Promise<number> {
    const accounts = await this.repository.listActive();
    for (const account of accounts) await this.queue(account, 'scheduled');
    return accounts.length;
  }

  async syncs(userId: string, id: string): Promise<ExchangeSyncDto[]> {
    await this.owned(userId, id);
    return (await this.repository.listSyncs(userId, id, SYNC_LOG_LENGTH)).map(toSyncDto);
  }

  async conflicts(userId: string, id: string): Promise<ExchangeConflictDto[]> {
    await this.owned(userId, id);
    return (await this.repository.openConflicts(userId, id)).map(toConflictDto);
  }

  /** import: the exchange's row is added next to the manual entry; keep-manual: it is dropped for good. */
  async resolveConflict(userId: string, id: string, conflictId: string, action: 'import' | 'keep-manual'): Promise<void> {
    const account = await this.owned(userId, id);
    const conflict = await this.repository.findConflict(userId, id, conflictId);
    if (!conflict || conflict.status !== 'open') throw new NotFoundError('Conflict not found (it may be resolved already)');
    if (action === 'import') {
      const { time, ...draft } = conflict.draft;
      const result = await this.importer.importExternal(
        userId,
        account.portfolioId,
        [{ ...draft, time: new Date(time), key: conflict.externalKey }],
        sourceKey(account),
        {
          acceptConflicts: true,
        },
      );
      if (result.skipped[0]) throw InvalidError.of(`This row cannot be added: ${result.skipped[0].reason}`);
    }
    await this.repository.resolveConflict(conflict.id, action === 'import' ? 'imported' : 'dismissed');
  }

  /** One sync run (the worker's job): reads from the cursor on, imports, records the outcome. Never throws for exchange trouble. */
  async runSync(accountId: string, syncId: string): Promise<void> {
    const sync = await this.repository.getSync(syncId);
    if (!sync || sync.status !== 'queued') return; // already run, or closed as interrupted
    const account = await this.repository.withSecret(accountId);
    if (!account) return;
    const name = this.exchangeName(account.exchange);
    const started = Date.now();
    await this.repository.updateSync(syncId, { status: 'running', phase: 'permissions', startedAt: new Date() });
    let fetched = 0;
    const progress = async (phase: ExchangeSync['phase'], more: number) => {
      fetched += more;
      await this.repository.updateSync(syncId, { phase, fetched });
    };
    try {
      let secret: string;
      try {
        secret = this.secrets().open(account.secretSealed, account.id);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        await this.repository.setStatus(
          account.id,
          'needs_key',
          'The stored secret cannot be read on this server (its SECRETS_KEY changed). Connect the key again.',
        );
        throw new KeyRejectedError('stored secret unreadable');
      }
      const client = this.clients.create(account.exchange, { apiKey: account.apiKey, secret });
      const permissions = await client.permissions();
      if (permissions && permissions.beyondReading.length > 0) {
        const message = `This API key now also allows ${permissions.beyondReading.join(', ')}. Replace it with a key that can only read.`;
        await this.repository.setStatus(account.id, 'needs_key', message);
        await this.finish(syncId, { status: 'failed', error: message });
        return;
      }

      const cursor: SyncCursor = { ...account.cursor, trades: { ...account.cursor.trades } };
      const listed = await client.symbols();
      const symbols = (await this.markets.trackedSymbols()).filter((symbol) => listed.has(symbol));
      const trades: ExchangeTrade[] = [];
      await progress('trades', 0);
      for (const symbol of symbols) {
        let fromId = cursor.trades![symbol] ?? '0';
        for (;;) {
          const page = await client.tradesFrom(symbol, fromId, TRADE_PAGE);
          trades.push(...page);
          await progress('trades', page.length);
          const next = nextTradeId(
            page.map((trade) => trade.id),
            fromId,
          );
          if (next !== undefined) cursor.trades![symbol] = next;
          if (page.length < TRADE_PAGE || next === undefined || next === fromId) break;
          fromId = next;
        }
      }
      // Transfers are re-read from TRANSFER_OVERLAP_MS before the cursor: one still pending at the last sync (left
      // out until the exchange completes it) is picked up then; what was imported already is a duplicate.
      const readAt = Date.now();
      const from = (since: number | undefined) => (since === undefined ? undefined : since - TRANSFER_OVERLAP_MS);
      await progress('deposits', 0);
      const deposits = await client.deposits(from(cursor.depositsSince));
      await progress('withdrawals', deposits.length);
      const withdrawals = await client.withdrawals(from(cursor.withdrawalsSince));
      await progress('importing', withdrawals.length);
      cursor.depositsSince = readAt;
      cursor.withdrawalsSince = readAt;

      const prices = await this.depositPrices(deposits);
      const mapped = [tradeRows(name, trades), transferRows(name, [...deposits, ...withdrawals], (asset, time) => prices.get(`${asset}|${utcDay(time)}`))];
      const heldBack = await this.repository.heldBackKeys(account.id);
      const rows = mapped.flatMap((part) => part.rows).filter((row) => !heldBack.has(row.key));
      rows.sort((a, b) => a.time.getTime() - b.time.getTime());
      const result = await this.importer.importExternal(account.userId, account.portfolioId, rows, sourceKey(account));

      const byKey = new Map(rows.map((row) => [row.key, row]));
      await this.repository.recordConflicts(
        result.conflicts.map((conflict) => ({
          accountId: account.id,
          userId: account.userId,
          externalKey: conflict.key,
          draft: storedDraft(byKey.get(conflict.key)!),
          manualTransactionId: conflict.manualTransactionId,
        })),
      );
      const skipped: SkippedRow[] = [
        ...mapped.flatMap((part) => part.unusable.map((row) => ({ what: row.what, reason: row.reason, time: row.time }))),
        ...result.skipped.map((row) => {
          const draft = byKey.get(row.key)!;
          return { what: describeRow(draft), reason: row.reason, time: draft.time.getTime() };
        }),
      ].sort((a, b) => a.time - b.time);
      await this.repository.saveProgress(account.id, cursor, new Date());
      await this.finish(syncId, {
        status: 'succeeded',
        added: result.added,
        duplicates: result.duplicates,
        conflicts: result.conflicts.length,
        skipped: skipped.slice(0, MAX_SKIPPED_LOGGED),
      });
      this.logger.log(
        `account ${account.id}: synced ${fetched} rows (${result.added} added, ${result.duplicates} already there, ${skipped.length} skipped, ${result.conflicts.length} held back) in ${Date.now() - started} ms`,
      );
    } catch (error) {
      if (error instanceof KeyRejectedError) {
        const message = `${name} refused the API key (it was revoked, expired or restricted). Connect a new read-only key to resume syncing.`;
        if ((await this.repository.findOwned(account.userId, account.id))?.status !== 'needs_key')
          await this.repository.setStatus(account.id, 'needs_key', message);
        await this.finish(syncId, { status: 'failed', error: message });
        this.logger.warn(`account ${account.id}: key refused by ${account.exchange}`);
        return;
      }
      // Domain errors (a full portfolio, a history the rows would break) are written for people; anything else is logged, not shown.
      const reason =
        error instanceof ExchangeUnavailableError
          ? `${name} could not be reached or answered with an error.`
          : error instanceof DomainError
            ? error.message
            : 'The sync stopped on an unexpected error (the server log has the details).';
      await this.finish(syncId, { status: 'failed', error: `${reason} Nothing was lost: the next sync starts where this one did.` });
      this.logger.warn(`account ${account.id}: sync failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async finish(syncId: string, fields: Parameters<ExchangeAccountsRepository['updateSync']>[1]): Promise<void> {
    await this.repository.updateSync(syncId, { ...fields, phase: null, finishedAt: new Date() });
  }

  /** The daily close of each deposited coin on its deposit day (the deposit's cost basis), where known. */
  private async depositPrices(deposits: ExchangeTransfer[]): Promise<Map<string, string>> {
    const prices = new Map<string, string>();
    for (const deposit of deposits) {
      const key = `${deposit.currency}|${utcDay(deposit.timestamp)}`;
      if (prices.has(key)) continue;
      const price = (await this.ledger.currentPrices([deposit.currency], utcDay(deposit.timestamp))).get(deposit.currency);
      if (price && price.greaterThan(0)) prices.set(key, price.toFixed());
    }
    return prices;
  }
}

function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function storedDraft(row: ExternalRow): StoredDraft {
  return {
    type: row.type as StoredDraft['type'],
    time: row.time.getTime(),
    asset: row.asset,
    quantity: row.quantity,
    price: row.price,
    feeAmount: row.feeAmount,
    feeCurrency: row.feeCurrency,
    note: row.note,
  };
}
