'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';

import Field from '@/components/Field';
import { NO_ERRORS, toFormErrors, type FormErrors } from '@/components/FormErrors';
import { register } from '@/lib/api';
import { safeNext } from '@/lib/next-param';

export default function RegisterForm() {
  const router = useRouter();
  const next = safeNext(useSearchParams().get('next'));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setErrors(NO_ERRORS);
    try {
      await register({
        username: String(data.get('username') ?? ''),
        email: String(data.get('email') ?? ''),
        password: String(data.get('password') ?? ''),
      });
      router.replace(next);
    } catch (e) {
      setErrors(toFormErrors(e, ['username', 'email', 'password']));
      setPending(false);
    }
  }

  return (
    <div className="panel" data-testid="register-page">
      <h1>Create an account</h1>
      <form onSubmit={onSubmit} noValidate>
        <Field name="username" label="Username" autoComplete="username" errors={errors.fields.username} />
        <Field name="email" label="Email (optional)" type="email" autoComplete="email" errors={errors.fields.email} />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          errors={errors.fields.password}
        />
        {errors.form.length > 0 && (
          <p className="form-error" role="alert" data-testid="form-error">
            {errors.form.join(' ')}
          </p>
        )}
        <button type="submit" disabled={pending} data-testid="register-submit">
          {pending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p className="muted">
        Already registered? <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
