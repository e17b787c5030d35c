import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type UserRole = 'user' | 'admin';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Always stored trimmed and lower-cased (see normaliseEmail). */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt!: Date;

  /** When the owner opened the verification link sent to `email`; null = not verified (no e-mail alerts, no ADMIN_EMAILS grant). */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** 'admin' only through the operator CLI (`npm run admin -w backend -- grant EMAIL`). */
  @Column({ type: 'text', default: 'user' })
  role!: UserRole;

  /** Access tokens carry the epoch they were issued under; bumping it revokes every older one. */
  @Column({ name: 'token_epoch', type: 'integer', default: 0 })
  tokenEpoch!: number;
}
