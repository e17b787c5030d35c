import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Field, FormError, Loading } from '../../../lib/ui';
import { useForgotPassword, useResetPassword, useVerifyEmail } from '../api/account-email';
import { MIN_PASSWORD_LENGTH } from '../components/CredentialsForm';

/** /forgot-password: asks for the address; the answer is the same whether or not it has an account. */
export function ForgotPasswordPage() {
  const id = useId();
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setError('Enter the e-mail address of your account.');
      return;
    }
    setError(undefined);
    forgot.mutate(email.trim());
  }
  return (
    <main className="auth-page">
      <h1>Forgot your password?</h1>
      {forgot.data ? (
        <p className="notice" role="status">
          {forgot.data.message}
        </p>
      ) : (
        <form className="form" onSubmit={submit} noValidate aria-label="Reset password">
          <Field label="E-mail" htmlFor={`${id}-email`} error={error}>
            <input id={`${id}-email`} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <FormError error={forgot.error} />
          <button type="submit" className="primary" disabled={forgot.isPending}>
            Send me a reset link
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </main>
  );
}

/** /reset-password?token=…: the e-mailed link; sets a new password, then signs in again. */
export function ResetPasswordPage() {
  const id = useId();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (password.length < MIN_PASSWORD_LENGTH) next.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (confirm !== password) next.confirm = 'The two passwords differ.';
    setErrors(next);
    if (Object.keys(next).length) return;
    reset.mutate(
      { token, newPassword: password },
      { onSuccess: () => navigate('/sign-in', { replace: true, state: { notice: 'Password changed. Sign in with your new password.' } }) },
    );
  }
  if (!token)
    return (
      <main className="auth-page">
        <h1>Choose a new password</h1>
        <p>This link is incomplete. Open the link from the e-mail again, or ask for a new one.</p>
        <Link to="/forgot-password">Ask for a new link</Link>
      </main>
    );
  return (
    <main className="auth-page">
      <h1>Choose a new password</h1>
      <form className="form" onSubmit={submit} noValidate aria-label="Set a new password">
        <Field label="New password" htmlFor={`${id}-new`} error={errors.password}>
          <input id={`${id}-new`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <Field label="Repeat new password" htmlFor={`${id}-confirm`} error={errors.confirm}>
          <input id={`${id}-confirm`} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </Field>
        <FormError error={reset.error} />
        <button type="submit" className="primary" disabled={reset.isPending}>
          Set new password
        </button>
        <p className="hint">Every device signed in to your account will be signed out.</p>
      </form>
      {reset.isError && (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </main>
  );
}

/** /verify-email?token=…: confirms the address as soon as it opens. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);
  return (
    <main className="auth-page">
      <h1>Confirm your e-mail address</h1>
      {!token ? (
        <p>This link is incomplete. Open the link from the e-mail again.</p>
      ) : verify.isSuccess ? (
        <p className="notice" role="status">
          {verify.data.email} is confirmed. You can now get alerts by e-mail.
        </p>
      ) : verify.isError ? (
        <FormError error={verify.error} />
      ) : (
        <Loading label="Confirming…" />
      )}
      <p>
        <Link to="/">Go to Coincast</Link>
      </p>
    </main>
  );
}
