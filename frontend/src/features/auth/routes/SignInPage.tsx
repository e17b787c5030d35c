import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { CredentialsForm } from '../components/CredentialsForm';
import { useMe, useRegister, useSignIn } from '../api/auth';

function useAfterSignIn() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  return () => navigate(from, { replace: true });
}

export function SignInPage() {
  const me = useMe();
  const signIn = useSignIn();
  const done = useAfterSignIn();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  if (me.data) return <Navigate to="/" replace />;
  return (
    <main className="auth-page">
      <h1>Sign in to Coincast</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <CredentialsForm
        mode="sign-in"
        pending={signIn.isPending}
        error={signIn.error}
        onSubmit={(credentials) => signIn.mutate(credentials, { onSuccess: done })}
      />
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/sign-up">Create an account</Link>
      </p>
    </main>
  );
}

export function SignUpPage() {
  const me = useMe();
  const register = useRegister();
  const done = useAfterSignIn();
  if (me.data) return <Navigate to="/" replace />;
  return (
    <main className="auth-page">
      <h1>Create your Coincast account</h1>
      <CredentialsForm
        mode="sign-up"
        pending={register.isPending}
        error={register.error}
        onSubmit={(credentials) => register.mutate(credentials, { onSuccess: done })}
      />
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
