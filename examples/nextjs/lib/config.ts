/**
 * Where the auth API lives.
 *
 * `NEXT_PUBLIC_*` variables are inlined into the JavaScript bundle by `next build`, so a
 * production build made with `NEXT_PUBLIC_API_URL=http://localhost:8000` talks to port 8000
 * forever. To let one build follow a backend whose port is only known when the app starts
 * (tests on a free port, a staging host...), the root layout reads the server-only variable
 * `API_URL` on every request and writes it into the page as a JSON script tag
 * (`<script id="app-config" type="application/json">`). The browser code reads it from there.
 *
 * Order of precedence: `API_URL` (runtime, server) > `NEXT_PUBLIC_API_URL` (build time)
 * > `http://localhost:8000`.
 */

export const CONFIG_ELEMENT_ID = 'app-config';
const FALLBACK_API_URL = 'http://localhost:8000';

export interface PublicConfig {
  apiUrl: string;
}

function clean(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Server side, at request time. */
export function serverConfig(): PublicConfig {
  // `process.env['API_URL']` is read when the page renders; Next only inlines NEXT_PUBLIC_*.
  const runtime = process.env['API_URL'];
  const buildTime = process.env.NEXT_PUBLIC_API_URL;
  return { apiUrl: clean(runtime || buildTime || FALLBACK_API_URL) };
}

let cached: string | null = null;

/** The API base URL without a trailing slash, e.g. `http://localhost:8000`. */
export function apiBaseUrl(): string {
  if (typeof window === 'undefined') return serverConfig().apiUrl;
  if (cached) return cached;
  let fromPage: string | undefined;
  const el = document.getElementById(CONFIG_ELEMENT_ID);
  if (el?.textContent) {
    try {
      fromPage = (JSON.parse(el.textContent) as Partial<PublicConfig>).apiUrl;
    } catch {
      fromPage = undefined;
    }
  }
  cached = clean(fromPage || process.env.NEXT_PUBLIC_API_URL || FALLBACK_API_URL);
  return cached;
}

/** JSON that is safe inside a <script> element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
