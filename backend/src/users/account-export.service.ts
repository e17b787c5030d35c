import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-errors';
import { AccountExportRepository } from './account-export.repository';

/** Columns never exported: credentials and secrets, even hashed. */
const SECRET_COLUMN = /hash|secret|password/i;
/** Tables that hold sessions rather than user content. */
const EXCLUDED_TABLES = new Set(['users', 'refresh_tokens', 'account_tokens']);

export interface AccountExport {
  exportedAt: string;
  profile: { id: string; email: string; createdAt: string };
  /** One entry per table the user owns rows in (directly, or through a parent row they own). */
  data: Record<string, Array<Record<string, unknown>>>;
}

/**
 * Everything a user owns, found by following foreign keys from `users` in the live schema, so tables added by later
 * migrations are exported without touching this code. Secret columns are dropped.
 */
@Injectable()
export class AccountExportService {
  constructor(private readonly rows: AccountExportRepository) {}

  async export(userId: string, now: Date): Promise<AccountExport> {
    const user = await this.rows.profile(userId);
    if (!user) throw new NotFoundError('Account not found');
    const keys = await this.rows.foreignKeys();
    const data: AccountExport['data'] = {};
    const owned = new Map<string, Set<string>>([['users', new Set([userId])]]);
    // Breadth-first over the foreign-key graph: children of users, then their children, …
    let frontier = ['users'];
    const visited = new Set(frontier);
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const fk of keys.filter((key) => frontier.includes(key.parentTable) && !visited.has(key.table))) {
        const parentIds = [...(owned.get(fk.parentTable) ?? [])];
        if (parentIds.length === 0) continue;
        const rows = await this.rows.rowsReferencing(fk, parentIds);
        visited.add(fk.table);
        next.push(fk.table);
        owned.set(fk.table, new Set(rows.map((row) => String(row.id))));
        if (!EXCLUDED_TABLES.has(fk.table)) data[fk.table] = rows.map(withoutSecrets);
      }
      frontier = next;
    }
    return {
      exportedAt: now.toISOString(),
      profile: { id: user.id, email: user.email, createdAt: new Date(user.createdAt).toISOString() },
      data,
    };
  }
}

function withoutSecrets(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET_COLUMN.test(column)));
}
