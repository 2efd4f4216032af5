'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

import { logout } from '@/lib/api';

/** `/logout`: a link-able logout action (the dashboard's button does the same in place). */
export default function LogoutPage() {
  const router = useRouter();
  const started = useRef(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (started.current) return; // React strict mode runs effects twice in development
    started.current = true;
    logout()
      .then(() => router.replace('/login'))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [router]);

  return error ? (
    <div className="panel notice" role="alert" data-testid="logout-error">
      Could not sign you out: {error}{' '}
      <button type="button" onClick={() => location.reload()}>
        Try again
      </button>
    </div>
  ) : (
    <div className="panel loading" role="status" data-testid="logout-pending">
      <span className="spinner" aria-hidden="true" />
      Signing you out…
    </div>
  );
}
