import Link from 'next/link';

export default function Home() {
  return (
    <div className="panel">
      <h1>Cookie-JWT auth, done right</h1>
      <p>
        This app talks to a Django REST Framework + simplejwt backend (or Latchkey, which emulates it) that keeps
        its tokens in HttpOnly cookies. Try the <Link href="/dashboard">dashboard</Link>: it is protected, so you
        will be asked to <Link href="/login">sign in</Link> or <Link href="/register">register</Link> first.
      </p>
    </div>
  );
}
