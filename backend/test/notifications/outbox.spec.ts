import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../alerts/alerts-support';
import { createTestApp, registerUser } from '../support/test-app';

describe('without SMTP (the embedded default)', () => {
  it('writes e-mails to DATA_DIR/outbox and the settings say mail is not being sent', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coincast-outbox-'));
    const t = await createTestApp({ env: { DATA_DIR: dataDir, PUBLIC_URL: 'https://coincast.test' } });
    try {
      const user = await registerUser(t, 'offline@example.com');
      const outbox = path.join(dataDir, 'outbox');
      const files = await waitFor(
        async () => {
          try {
            return readdirSync(outbox).filter((f) => f.endsWith('.eml'));
          } catch {
            return [];
          }
        },
        (list) => list.length > 0,
      );
      const raw = readFileSync(path.join(outbox, files[0]!), 'utf8');
      expect(raw).toMatch(/^To: offline@example\.com$/m);
      expect(raw).toMatch(/^Subject: Confirm your e-mail address for Coincast$/m);
      expect(raw).toContain('https://coincast.test/verify-email?token=');
      const settings = (await t.inject({ method: 'GET', url: '/api/v1/notifications/settings', headers: user.auth })).json();
      expect(settings.email.sending).toBe(false);
    } finally {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
