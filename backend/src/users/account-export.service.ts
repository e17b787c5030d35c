import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Columns never exported: credentials and secrets, even hashed. */
const SECRET_COLUMN = /hash|secret|password/i;
/** Tables that hold sessions rather than user content. */
const EXCLUDED_TABLES = new Set(['users', 'refresh_tokens']);

interface ForeignKey {
  table: string;
  column: string;
  parentTable: string;
  parentColumn: string;
}

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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async export(userId: string, now: Date): Promise<AccountExport> {
    const [user] = await this.db.query(`SELECT id, email, created_at FROM users WHERE id = $1`, [userId]);
    const keys = await this.foreignKeys();
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
        const rows: Array<Record<string, unknown>> = await this.db.query(`SELECT * FROM "${fk.table}" WHERE "${fk.column}"::text = ANY($1::text[])`, [
          parentIds,
        ]);
        visited.add(fk.table);
        next.push(fk.table);
        owned.set(fk.table, new Set(rows.map((row) => String(row.id))));
        if (!EXCLUDED_TABLES.has(fk.table)) data[fk.table] = rows.map(withoutSecrets);
      }
      frontier = next;
    }
    return {
      exportedAt: now.toISOString(),
      profile: { id: user.id, email: user.email, createdAt: new Date(user.created_at).toISOString() },
      data,
    };
  }

  private async foreignKeys(): Promise<ForeignKey[]> {
    return this.db.query(`
      SELECT cl.relname AS "table", att.attname AS "column", pcl.relname AS "parentTable", patt.attname AS "parentColumn"
        FROM pg_constraint con
        JOIN pg_class cl ON cl.oid = con.conrelid
        JOIN pg_class pcl ON pcl.oid = con.confrelid
        JOIN pg_namespace ns ON ns.oid = cl.relnamespace
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
        JOIN pg_attribute patt ON patt.attrelid = con.confrelid AND patt.attnum = con.confkey[1]
       WHERE con.contype = 'f' AND ns.nspname = current_schema()
       ORDER BY cl.relname, att.attname`);
  }
}

function withoutSecrets(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET_COLUMN.test(column)));
}
