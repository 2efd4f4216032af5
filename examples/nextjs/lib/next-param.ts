/**
 * The `?next=` parameter of /login: where to go after signing in.
 *
 * Only same-origin paths are accepted (no `//evil.example`, no `https://...`, no
 * backslashes), and never the auth pages themselves, so a crafted link cannot turn the
 * login page into an open redirect or a redirect loop.
 */

const AUTH_PAGES = ['/login', '/register', '/logout'];

export const DEFAULT_AFTER_LOGIN = '/dashboard';

export function safeNext(raw: string | null | undefined): string {
  if (!raw) return DEFAULT_AFTER_LOGIN;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return DEFAULT_AFTER_LOGIN;
  let parsed: URL;
  try {
    parsed = new URL(raw, 'http://same.invalid');
  } catch {
    return DEFAULT_AFTER_LOGIN;
  }
  if (parsed.origin !== 'http://same.invalid') return DEFAULT_AFTER_LOGIN;
  if (AUTH_PAGES.some((p) => parsed.pathname === p || parsed.pathname.startsWith(p + '/'))) {
    return DEFAULT_AFTER_LOGIN;
  }
  return parsed.pathname + parsed.search + parsed.hash;
}

/** `/login?next=/dashboard` (slashes kept readable; everything else encoded). */
export function loginUrl(next: string): string {
  const target = safeNext(next);
  if (target === DEFAULT_AFTER_LOGIN && next !== DEFAULT_AFTER_LOGIN) return '/login';
  return '/login?next=' + encodeURIComponent(target).replace(/%2F/gi, '/');
}

export function isAuthPage(pathname: string): boolean {
  return AUTH_PAGES.some((p) => pathname === p || pathname.startsWith(p + '/'));
}
