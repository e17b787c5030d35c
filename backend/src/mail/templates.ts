/**
 * Every e-mail's subject, plain-text and HTML body, built from the same facts (pure: no framework imports). HTML
 * escapes everything it interpolates; links are absolute (PUBLIC_URL).
 */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }, footer?: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
  const button = action
    ? `<p style="margin:20px 0"><a href="${escapeHtml(action.url)}" style="background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 12px;font-size:12px;color:#555">Or open this link: ${escapeHtml(action.url)}</p>`
    : '';
  const foot = footer ? `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 8px"><p style="font-size:12px;color:#777">${footer}</p>` : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:16px"><h2 style="margin:0 0 16px">${escapeHtml(title)}</h2>${body}${button}${foot}</body></html>`;
}

export interface AlertMailFacts {
  title: string;
  message: string;
  triggeredAt: string;
  dashboardUrl: string;
  unsubscribeUrl: string;
}

export function alertMail(facts: AlertMailFacts): RenderedMail {
  const lines = [facts.message, `Triggered ${facts.triggeredAt}.`];
  return {
    subject: `Coincast alert: ${facts.title}`,
    text: `${facts.title}\n\n${lines.join('\n\n')}\n\nOpen your alerts: ${facts.dashboardUrl}\n\n--\nStop alert e-mails: ${facts.unsubscribeUrl}\n`,
    html: layout(
      facts.title,
      lines,
      { label: 'Open your alerts', url: facts.dashboardUrl },
      `You get this because e-mail is a channel of this alert. <a href="${escapeHtml(facts.unsubscribeUrl)}">Stop alert e-mails</a>.`,
    ),
  };
}

export interface DigestItem {
  title: string;
  message: string;
  triggeredAt: string;
}

export function digestMail(items: DigestItem[], dashboardUrl: string, unsubscribeUrl: string): RenderedMail {
  const subject = `Coincast: ${items.length} alert${items.length === 1 ? '' : 's'} while messages were held`;
  const lines = items.map((item) => `${item.triggeredAt} — ${item.title}: ${item.message}`);
  const intro = 'These alerts fired during your quiet hours or after your hourly limit was reached:';
  return {
    subject,
    text: `${intro}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\nOpen your alerts: ${dashboardUrl}\n\n--\nStop alert e-mails: ${unsubscribeUrl}\n`,
    html: layout(
      subject,
      [intro, ...lines],
      { label: 'Open your alerts', url: dashboardUrl },
      `<a href="${escapeHtml(unsubscribeUrl)}">Stop alert e-mails</a>.`,
    ),
  };
}

export function verifyEmailMail(link: string, validMinutes: number): RenderedMail {
  const lines = [
    'Confirm that this address is yours to receive alert e-mails and account notices.',
    `The link works once, for ${Math.round(validMinutes / 60)} hours. If you did not create a Coincast account, ignore this message.`,
  ];
  return {
    subject: 'Confirm your e-mail address for Coincast',
    text: `${lines.join('\n\n')}\n\nConfirm: ${link}\n`,
    html: layout('Confirm your e-mail address', lines, { label: 'Confirm my address', url: link }),
  };
}

export function resetPasswordMail(link: string, validMinutes: number): RenderedMail {
  const lines = [
    'Someone asked to reset the password of your Coincast account.',
    `The link works once, for ${validMinutes} minutes. Every device signed in to your account is signed out when you set the new password.`,
    'If it was not you, ignore this message: your password stays as it is.',
  ];
  return {
    subject: 'Reset your Coincast password',
    text: `${lines.join('\n\n')}\n\nChoose a new password: ${link}\n`,
    html: layout('Reset your password', lines, { label: 'Choose a new password', url: link }),
  };
}

export function passwordChangedMail(at: string, resetUrl: string): RenderedMail {
  const lines = [
    `The password of your Coincast account was changed on ${at}. Every device that was signed in has been signed out.`,
    'If this was not you, reset your password now.',
  ];
  return {
    subject: 'Your Coincast password was changed',
    text: `${lines.join('\n\n')}\n\nReset your password: ${resetUrl}\n`,
    html: layout('Your password was changed', lines, { label: 'Reset my password', url: resetUrl }),
  };
}

export function emailChangedMail(newEmail: string, at: string): RenderedMail {
  const lines = [
    `The e-mail address of your Coincast account was changed to ${newEmail} on ${at}. Messages now go to the new address.`,
    'If this was not you, sign in and change your password at once.',
  ];
  return { subject: 'Your Coincast e-mail address was changed', text: `${lines.join('\n\n')}\n`, html: layout('Your e-mail address was changed', lines) };
}
