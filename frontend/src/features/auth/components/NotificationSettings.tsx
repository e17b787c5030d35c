import { useId, useState, type FormEvent } from 'react';
import { ErrorState, Field, FormError, Loading } from '../../../lib/ui';
import {
  useNotificationSettings,
  useSendVerification,
  useTelegramLink,
  useUnlinkTelegram,
  useUpdateNotificationSettings,
  type NotificationSettings as Settings,
} from '../api/account-email';

type Channel = 'email' | 'telegram';

function QuietHoursForm({ settings }: { settings: Settings }) {
  const id = useId();
  const update = useUpdateNotificationSettings();
  const [start, setStart] = useState(settings.quietStart ?? '');
  const [end, setEnd] = useState(settings.quietEnd ?? '');
  const [cap, setCap] = useState(String(settings.hourlyCap));
  const [error, setError] = useState<string>();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (Boolean(start) !== Boolean(end)) return setError('Set both the start and the end of quiet hours, or clear both.');
    const hourlyCap = Number(cap);
    if (!Number.isInteger(hourlyCap) || hourlyCap < 1 || hourlyCap > 1000) return setError('Enter a whole number of messages per hour, from 1 to 1000.');
    setError(undefined);
    update.mutate({
      quietStart: start || null,
      quietEnd: end || null,
      hourlyCap,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    });
  }
  return (
    <form className="form form-inline" onSubmit={submit} noValidate aria-label="Quiet hours">
      <Field label="Quiet from" htmlFor={`${id}-start`}>
        <input id={`${id}-start`} type="time" value={start} onChange={(e) => setStart(e.target.value)} />
      </Field>
      <Field label="until" htmlFor={`${id}-end`}>
        <input id={`${id}-end`} type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
      </Field>
      <Field label="At most per hour" htmlFor={`${id}-cap`} error={error}>
        <input id={`${id}-cap`} type="number" min={1} max={1000} value={cap} onChange={(e) => setCap(e.target.value)} />
      </Field>
      <button type="submit" disabled={update.isPending}>
        Save
      </button>
      <FormError error={update.error} />
      {update.isSuccess && <span role="status">Saved.</span>}
    </form>
  );
}

/** Settings → Notifications: e-mail address state, Telegram link, default channels, quiet hours and hourly limit. */
export function NotificationSettings() {
  const id = useId();
  const settings = useNotificationSettings();
  const update = useUpdateNotificationSettings();
  const sendVerification = useSendVerification();
  const link = useTelegramLink();
  const unlink = useUnlinkTelegram();

  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  const s = settings.data;
  const toggleDefault = (channel: Channel, on: boolean) => {
    const next = new Set(s.defaultChannels);
    if (on) next.add(channel);
    else next.delete(channel);
    update.mutate({ defaultChannels: [...next] });
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Notifications</h2>
      <p className="hint">Every alert lands in your in-app inbox. You can also get them by e-mail or Telegram.</p>
      {!s.email.sending && (
        <p className="notice" role="note">
          This server has no mail server set up: e-mails are kept on the server and not sent.
        </p>
      )}
      <h3>E-mail</h3>
      {s.email.verified ? (
        <p>
          {s.email.address} is confirmed.{!s.email.enabled && ' Alert e-mails are switched off (you unsubscribed).'}
          {s.email.paused && ' E-mail alerts are paused after repeated delivery failures.'}
        </p>
      ) : (
        <div>
          <p>Confirm {s.email.address} to get alerts by e-mail.</p>
          <button type="button" onClick={() => sendVerification.mutate()} disabled={sendVerification.isPending}>
            Send the confirmation link again
          </button>
          {sendVerification.data && <p role="status">{sendVerification.data.message}</p>}
          <FormError error={sendVerification.error} />
        </div>
      )}
      {s.email.verified && (!s.email.enabled || s.email.paused) && (
        <button type="button" onClick={() => update.mutate({ emailEnabled: true, resume: ['email'] })}>
          Send alert e-mails again
        </button>
      )}
      <h3>Telegram</h3>
      {!s.telegram.available ? (
        <p>Telegram is not set up on this server.</p>
      ) : s.telegram.linked ? (
        <div>
          <p>Your Telegram chat is linked.{s.telegram.paused && ' Telegram alerts are paused after repeated delivery failures.'}</p>
          {s.telegram.paused && (
            <button type="button" onClick={() => update.mutate({ resume: ['telegram'] })}>
              Resume Telegram alerts
            </button>
          )}
          <button type="button" onClick={() => unlink.mutate()} disabled={unlink.isPending}>
            Unlink Telegram
          </button>
        </div>
      ) : (
        <div>
          <button type="button" onClick={() => link.mutate()} disabled={link.isPending}>
            Link Telegram
          </button>
          {link.data && (
            <p role="status">
              <a href={link.data.url} target="_blank" rel="noreferrer">
                Open Telegram and press Start
              </a>{' '}
              — the link works once, for 15 minutes. Then reload this page.
            </p>
          )}
          <FormError error={link.error ?? unlink.error} />
        </div>
      )}
      <h3>Send my alerts to</h3>
      <fieldset className="form form-inline">
        <legend className="hint">Used by alerts that do not choose their own channels</legend>
        <label>
          <input
            type="checkbox"
            checked={s.defaultChannels.includes('email')}
            disabled={!s.email.verified || update.isPending}
            onChange={(e) => toggleDefault('email', e.target.checked)}
          />{' '}
          E-mail
        </label>
        <label>
          <input
            type="checkbox"
            checked={s.defaultChannels.includes('telegram')}
            disabled={!s.telegram.linked || update.isPending}
            onChange={(e) => toggleDefault('telegram', e.target.checked)}
          />{' '}
          Telegram
        </label>
      </fieldset>
      <FormError error={update.error} />
      <h3>Quiet hours and limit</h3>
      <p className="hint">During quiet hours, and past the hourly limit, messages wait and arrive together as one summary.</p>
      <QuietHoursForm settings={s} />
    </section>
  );
}
