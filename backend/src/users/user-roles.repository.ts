import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserRole } from './user.entity';

/** Roles on the users table, as the operator CLI changes and lists them. */
@Injectable()
export class UserRolesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The id of the account whose role was set; undefined when no account has this (normalised) e-mail. */
  async setRoleByEmail(email: string, role: UserRole): Promise<string | undefined> {
    const rows = (await this.db.query(`UPDATE users SET role = $2 WHERE email = $1 RETURNING id`, [email, role])) as unknown;
    // pg returns [rows, count] for UPDATE … RETURNING through TypeORM; PGlite returns the rows.
    const list = (Array.isArray(rows) && Array.isArray(rows[0]) ? rows[0] : rows) as Array<{ id: string }>;
    return list[0]?.id;
  }

  async adminEmails(): Promise<string[]> {
    const rows = (await this.db.query(`SELECT email FROM users WHERE role = 'admin' ORDER BY email`)) as Array<{ email: string }>;
    return rows.map((row) => row.email);
  }
}
