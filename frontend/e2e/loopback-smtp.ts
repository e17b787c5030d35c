// A real SMTP server (smtp-server) on 127.0.0.1 for the browser suite: the backend sends its account e-mails here
// through nodemailer, exactly as it would to a production relay, and the e2e steps read the links out of them.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
}

export interface LoopbackSmtp {
  url: string;
  messages: ReceivedMail[];
  /** The token of the newest link to `/page?token=…` in a message to `to`, waiting for it to arrive. */
  waitForLinkToken(to: string, page: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;

  const linkToken = (to: string, page: string): string | undefined => {
    for (const mail of [...messages].reverse()) {
      if (!mail.envelopeTo.includes(to)) continue;
      // Both bodies carry the link; the plain-text one is enough and avoids HTML entities.
      const token = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.parsed.text ?? '')?.[1];
      if (token) return token;
    }
    return undefined;
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitForLinkToken(to, page, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const token = linkToken(to, page);
        if (token) return token;
        if (Date.now() > deadline) throw new Error(`the loopback SMTP server got no e-mail to ${to} with a /${page} link within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
