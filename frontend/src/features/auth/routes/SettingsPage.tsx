import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../../lib/format';
import { EmptyState, ErrorState, Field, FormError, Loading } from '../../../lib/ui';
import { useChangeEmail, useChangePassword, useDeleteAccount, useMe } from '../api/auth';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKeyScope, type CreatedApiKey } from '../api/api-keys';
import { MIN_PASSWORD_LENGTH } from '../components/CredentialsForm';
import { NotificationSettings } from '../components/NotificationSettings';

function ChangePasswordForm() {
  const id = useId();
  const navigate = useNavigate();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ newPassword?: string; confirm?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (newPassword.length < MIN_PASSWORD_LENGTH) next.newPassword = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (confirm !== newPassword) next.confirm = 'The two new passwords differ.';
    setErrors(next);
    if (Object.keys(next).length) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => navigate('/sign-in', { replace: true, state: { notice: 'Password changed. Sign in with your new password.' } }),
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Change password">
      <Field label="Current password" htmlFor={`${id}-current`}>
        <input id={`${id}-current`} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
      </Field>
      <Field label="New password" htmlFor={`${id}-new`} error={errors.newPassword}>
        <input id={`${id}-new`} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />
      </Field>
      <Field label="Repeat new password" htmlFor={`${id}-confirm`} error={errors.confirm}>
        <input id={`${id}-confirm`} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </Field>
      <FormError error={change.error} />
      <button type="submit" disabled={change.isPending}>
        Change password
      </button>
      <p className="hint">You will be signed out everywhere and asked to sign in again.</p>
    </form>
  );
}

function ChangeEmailForm() {
  const id = useId();
  const navigate = useNavigate();
  const change = useChangeEmail();
  const [newEmail, setNewEmail] = useState('');
  const [currentPassword, setCurrent] = useState('');
  const [error, setError] = useState<string>();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(newEmail.trim())) return setError('Enter the new e-mail address.');
    setError(undefined);
    change.mutate(
      { newEmail: newEmail.trim(), currentPassword },
      {
        onSuccess: () =>
          navigate('/sign-in', {
            replace: true,
            state: { notice: 'E-mail address changed. Sign in with the new address, and confirm it from the link we sent there.' },
          }),
      },
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Change e-mail address">
      <Field label="New e-mail address" htmlFor={`${id}-email`} error={error}>
        <input id={`${id}-email`} type="email" autoComplete="email" value={newEmail} onChange={(e) => setNewEmail(e.target.value)} />
      </Field>
      <Field label="Current password" htmlFor={`${id}-password`}>
        <input id={`${id}-password`} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
      </Field>
      <FormError error={change.error} />
      <button type="submit" disabled={change.isPending}>
        Change e-mail address
      </button>
      <p className="hint">Your old address gets a notice. You will be signed out everywhere.</p>
    </form>
  );
}

function ApiKeysSection() {
  const id = useId();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const [nameError, setNameError] = useState<string>();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Give the key a name so you can recognise it later.');
      return;
    }
    setNameError(undefined);
    create.mutate(
      { name: name.trim(), scope },
      {
        onSuccess: (key) => {
          setCreated(key);
          setName('');
        },
      },
    );
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>API keys</h2>
      <p className="hint">Keys let scripts read your data (read) or also change it (write).</p>
      {created && (
        <div className="notice" role="status">
          <p>Copy your new key now — it will not be shown again:</p>
          <code className="secret" data-testid="new-api-key">
            {created.key}
          </code>
          <button type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <form className="form form-inline" onSubmit={submit} noValidate aria-label="Create API key">
        <Field label="Key name" htmlFor={`${id}-name`} error={nameError}>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Scope" htmlFor={`${id}-scope`}>
          <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)}>
            <option value="read">read</option>
            <option value="write">write</option>
          </select>
        </Field>
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      <FormError error={create.error ?? revoke.error} />
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet">Create one above to use the API from a script.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scope</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>{key.scope}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'never'}</td>
                  <td>
                    <button type="button" className="danger" onClick={() => revoke.mutate(key.id)} aria-label={`Revoke key ${key.name}`}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeleteAccountSection() {
  const id = useId();
  const me = useMe();
  const navigate = useNavigate();
  const remove = useDeleteAccount();
  const [confirmEmail, setConfirmEmail] = useState('');
  const matches = Boolean(me.data) && confirmEmail.trim() === me.data?.email;
  return (
    <section aria-labelledby={`${id}-title`} className="danger-zone">
      <h2 id={`${id}-title`}>Delete account</h2>
      <p>This removes your portfolios, alerts and API keys for good.</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (matches) remove.mutate(undefined, { onSuccess: () => navigate('/sign-up', { replace: true }) });
        }}
        aria-label="Delete account"
      >
        <Field label="Type your email to confirm" htmlFor={`${id}-confirm`}>
          <input id={`${id}-confirm`} value={confirmEmail} onChange={(e) => setConfirmEmail(e.target.value)} />
        </Field>
        <FormError error={remove.error} />
        <button type="submit" className="danger" disabled={!matches || remove.isPending}>
          Delete my account
        </button>
      </form>
    </section>
  );
}

export function SettingsPage() {
  const me = useMe();
  return (
    <main className="page">
      <h1>Settings</h1>
      {me.data && <p>Signed in as {me.data.email}</p>}
      <section>
        <h2>Password</h2>
        <ChangePasswordForm />
      </section>
      <section>
        <h2>E-mail address</h2>
        <ChangeEmailForm />
      </section>
      <NotificationSettings />
      <ApiKeysSection />
      <DeleteAccountSection />
    </main>
  );
}
