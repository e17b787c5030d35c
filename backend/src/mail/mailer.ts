import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { AppConfig } from '../config/app-config';

/** One e-mail as the domains compose it (both bodies come from mail/templates.ts). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  /** smtp: handed to the SMTP server; outbox: written to DATA_DIR/outbox (not sent). */
  via: 'smtp' | 'outbox';
  messageId: string;
  /** The .eml file (outbox only; null when DATA_DIR is ':memory:'). */
  file: string | null;
}

/**
 * Sends e-mail through nodemailer: SMTP when SMTP_URL is set, otherwise (the embedded default) nodemailer's stream
 * transport builds the same RFC 5322 message and it is written to DATA_DIR/outbox/<time>-<id>.eml, so nothing is lost
 * and an operator can read it, but nothing leaves the machine. `sending` tells the UI which one is in force.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter;
  /** Messages of the outbox kept in memory when DATA_DIR is ':memory:' (tests), newest last, at most 100. */
  readonly memoryOutbox: { file: string; raw: string }[] = [];

  constructor(private readonly config: AppConfig) {
    const url = config.env.SMTP_URL;
    this.transport = url
      ? nodemailer.createTransport(url, { from: config.env.MAIL_FROM })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' } as StreamTransport.Options, { from: config.env.MAIL_FROM });
  }

  /** True when messages really leave (SMTP configured). */
  get sending(): boolean {
    return !!this.config.env.SMTP_URL;
  }

  get outboxDir(): string | null {
    return this.config.env.DATA_DIR === ':memory:' ? null : path.resolve(this.config.env.DATA_DIR, 'outbox');
  }

  /** Throws when the SMTP server refuses or cannot be reached (the caller's job retries). */
  async send(message: MailMessage): Promise<SentMail> {
    const info = (await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
    })) as { messageId: string; message?: Buffer };
    if (this.sending) return { via: 'smtp', messageId: info.messageId, file: null };
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}.eml`;
    const raw = info.message?.toString('utf8') ?? '';
    const dir = this.outboxDir;
    if (!dir) {
      this.memoryOutbox.push({ file: name, raw });
      if (this.memoryOutbox.length > 100) this.memoryOutbox.shift();
      return { via: 'outbox', messageId: info.messageId, file: null };
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, name);
    writeFileSync(file, raw, { mode: 0o600 });
    this.logger.log(`SMTP_URL is not set: e-mail "${message.subject}" written to ${file}, not sent`);
    return { via: 'outbox', messageId: info.messageId, file };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
