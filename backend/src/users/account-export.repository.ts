import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A single-column foreign key of the live schema: `table.column` references `parentTable.parentColumn`. */
export interface ForeignKey {
  table: string;
  column: string;
  parentTable: string;
  parentColumn: string;
}

/** The schema-driven reads behind the account export (table names come from pg_constraint, never from a request). */
@Injectable()
export class AccountExportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async profile(userId: string): Promise<{ id: string; email: string; createdAt: Date } | undefined> {
    const [user] = (await this.db.query(`SELECT id, email, created_at AS "createdAt" FROM users WHERE id = $1`, [userId])) as Array<{
      id: string;
      email: string;
      createdAt: Date;
    }>;
    return user;
  }

  foreignKeys(): Promise<ForeignKey[]> {
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

  /** Every row of `fk.table` whose `fk.column` is one of `parentIds`. */
  rowsReferencing(fk: ForeignKey, parentIds: string[]): Promise<Array<Record<string, unknown>>> {
    return this.db.query(`SELECT * FROM "${fk.table}" WHERE "${fk.column}"::text = ANY($1::text[])`, [parentIds]);
  }
}
