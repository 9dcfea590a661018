import { type FormEvent, useState } from 'react';
import { signIn, signUp } from '../api/management.ts';
import { Link } from '../components/ui.tsx';

/** Only same-site paths are followed after sign-in, so `?next=` cannot send a user elsewhere. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/dashboard';
}

export function AuthPage(props: { mode: 'sign-in' | 'sign-up' }) {
  const signingUp = props.mode === 'sign-up';
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const name = String(form.get('name') ?? '').trim() || email.split('@')[0] || email;
    setBusy(true);
    setError(undefined);
    try {
      if (signingUp) await signUp(name, email, password);
      else await signIn(email, password);
      // A full load lets the server gate and inline the first data for the signed-in user.
      window.location.assign(nextPath());
    } catch (caught) {
      setError((caught as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <div className="auth-card">
        <a href="/" className="brand auth-brand">
          <Logo /> Harshit Metrics
        </a>
        <h1 className="auth-title">{signingUp ? 'Create your account' : 'Welcome back'}</h1>
        <p className="auth-subtitle">
          {signingUp
            ? 'Privacy-first analytics for your sites and apps.'
            : 'Sign in to see how your projects are doing.'}
        </p>
        <form onSubmit={submit} className="form" noValidate={false}>
          {signingUp && (
            <label className="field">
              <span>Name</span>
              <input name="name" autoComplete="name" maxLength={100} />
            </label>
          )}
          <label className="field">
            <span>Email</span>
            <input name="email" type="email" autoComplete="email" required />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={signingUp ? 'new-password' : 'current-password'}
              minLength={8}
              required
            />
            {signingUp && <small className="hint">At least 8 characters.</small>}
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? 'Please wait…' : signingUp ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch">
          {signingUp ? (
            <>
              Already have an account? <Link href="/sign-in">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link href="/sign-up">Create an account</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}

export function Logo() {
  return (
    <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path
        d="M8 22V14M14 22V9M20 22v-6M26 22V12"
        stroke="white"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  );
}
