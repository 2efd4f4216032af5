import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';

import { CONFIG_ELEMENT_ID, scriptSafeJson, serverConfig } from '@/lib/config';
import './globals.css';

export const metadata: Metadata = {
  title: 'Latchkey example: Next.js + cookie JWT',
  description: 'ProtectedRoute and API utilities for a DRF + simplejwt backend with HttpOnly cookies',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request, so API_URL is read when the app runs, not when it was built.
  await connection();
  const config = serverConfig();
  return (
    <html lang="en">
      <body>
        <script
          id={CONFIG_ELEMENT_ID}
          type="application/json"
          dangerouslySetInnerHTML={{ __html: scriptSafeJson(config) }}
        />
        <header className="topbar">
          <Link href="/" className="brand">
            Latchkey example
          </Link>
          <nav>
            <Link href="/dashboard">Dashboard</Link>
            <Link href="/login">Sign in</Link>
            <Link href="/register">Register</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
