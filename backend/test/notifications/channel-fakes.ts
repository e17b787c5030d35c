import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the loopback SMTP server received it: the SMTP envelope and the parsed RFC 5322 message. */
export interface ReceivedMail {
  from: string;
  to: string[];
  parsed: ParsedMail;
  raw: string;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 that keeps every message; `failNext` refuses the next N (matching) with 451. */
export async function loopbackSmtp(): Promise<{
  url: string;
  port: number;
  messages: ReceivedMail[];
  failNext(n: number, matching?: RegExp): void;
  close(): Promise<void>;
}> {
  const messages: ReceivedMail[] = [];
  let failures = 0;
  let failMatching: RegExp | undefined;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (failures > 0 && (!failMatching || failMatching.test(raw))) {
          failures--;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        void simpleParser(raw).then((parsed) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            raw,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failNext: (n, matching) => {
      failures = n;
      failMatching = matching;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface FakeTelegram {
  url: string;
  token: string;
  sent: { chat_id: string; text: string }[];
  /** Queues an update as if a user wrote `text` in chat `chatId`. */
  userWrites(chatId: number, text: string): void;
  /** Status the next sendMessage calls answer with (200 = ok). */
  sendStatus: number;
  offsets: number[];
  close(): Promise<void>;
}

/** A loopback fake of the Telegram Bot API: getMe, getUpdates (honours offset) and sendMessage. */
export async function fakeTelegram(token = '123456:TEST-token'): Promise<FakeTelegram> {
  const updates: { update_id: number; message: { chat: { id: number }; text: string } }[] = [];
  let nextId = 1;
  const fake: FakeTelegram = {
    url: '',
    token,
    sent: [],
    offsets: [],
    sendStatus: 200,
    userWrites: (chatId, text) => updates.push({ update_id: nextId++, message: { chat: { id: chatId }, text } }),
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const json = (status: number, payload: object) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(payload));
      };
      const prefix = `/bot${token}/`;
      if (!req.url?.startsWith(prefix)) return json(401, { ok: false, description: 'Unauthorized' });
      const method = req.url.slice(prefix.length);
      const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      if (method === 'getMe') return json(200, { ok: true, result: { id: 1, is_bot: true, username: 'CoincastTestBot' } });
      if (method === 'getUpdates') {
        const offset = Number(params.offset ?? 0);
        fake.offsets.push(offset);
        return json(200, { ok: true, result: updates.filter((u) => u.update_id >= offset) });
      }
      if (method === 'sendMessage') {
        if (fake.sendStatus !== 200)
          return json(fake.sendStatus, { ok: false, description: fake.sendStatus === 403 ? 'Forbidden: bot was blocked by the user' : 'Internal error' });
        fake.sent.push({ chat_id: String(params.chat_id), text: String(params.text) });
        return json(200, { ok: true, result: { message_id: fake.sent.length } });
      }
      return json(404, { ok: false, description: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
