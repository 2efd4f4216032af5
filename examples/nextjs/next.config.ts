import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The API URL is read at request time (see app/layout.tsx), so one production build
  // can be pointed at Latchkey on any port, or at the real Django backend.
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
