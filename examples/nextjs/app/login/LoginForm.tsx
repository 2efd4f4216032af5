'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';

import Field from '@/components/Field';
import { NO_ERRORS, toFormErrors, type FormErrors } from '@/components/FormErrors';
import { login, resetRedirectGuard } from '@/lib/api';
import { safeNext } from '@/lib/next-param';

export default function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const rawNext = params.get('next');
  const next = safeNext(rawNext);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);

  // Arriving here ends any redirect in progress; a later expiry may redirect again.
  useEffect(() => resetRedirectGuard(), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setErrors(NO_ERRORS);
    try {
      await login(String(data.get('username') ?? ''), String(data.get('password') ?? ''));
      router.replace(next);
    } catch (e) {
      setErrors(toFormErrors(e, ['username', 'password']));
      setPending(false);
    }
  }

  return (
    <div className="panel" data-testid="login-page">
      <h1>Sign in</h1>
      {rawNext && (
        <p className="notice panel" data-testid="login-required">
          Please sign in to continue to <code>{next}</code>.
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <Field name="username" label="Username" autoComplete="username" errors={errors.fields.username} />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          errors={errors.fields.password}
        />
        {errors.form.length > 0 && (
          <p className="form-error" role="alert" data-testid="form-error">
            {errors.form.join(' ')}
          </p>
        )}
        <button type="submit" disabled={pending} data-testid="login-submit">
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        No account yet? <Link href={rawNext ? `/register?next=${encodeURIComponent(next)}` : '/register'}>Register</Link>
      </p>
    </div>
  );
}
