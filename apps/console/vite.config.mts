// The console's build and its one-origin server for `npm start` (`vite preview`): the SPA on
// http://localhost:4200, each service's API under its own prefix and the identity provider under /auth,
// so the browser needs no CORS. The targets default to the ports of `npm start`; tests point them elsewhere.
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

const env = process.env;
const target = (name: string, fallback: string) => env[name] ?? fallback;

/** /api/intake/v1/contacts → intake /api/v1/contacts; /auth stays /auth (Keycloak's relative path). */
function api(service: string, url: string): ProxyOptions {
  const prefix = new RegExp(`^/api/${service}(?=/|$)`);
  return { target: url, changeOrigin: false, rewrite: (p) => p.replace(prefix, '/api') };
}

const proxy: Record<string, ProxyOptions> = {
  '/api/intake': api('intake', target('CONSOLE_INTAKE_URL', 'http://127.0.0.1:3001')),
  '/api/casework': api('casework', target('CONSOLE_CASEWORK_URL', 'http://127.0.0.1:3002')),
  '/api/reporting': api('reporting', target('CONSOLE_REPORTING_URL', 'http://127.0.0.1:3003')),
  // Keycloak's hostname is the full browser URL (http://localhost:4200/auth) and it trusts X-Forwarded-*
  // from 127.0.0.1 only: the Host header passes through unchanged and the proxy adds X-Forwarded-For/Proto/Host.
  '/auth': { target: target('CONSOLE_AUTH_URL', 'http://127.0.0.1:8180'), changeOrigin: false, xfwd: true },
};

const server = {
  host: '127.0.0.1',
  port: Number(env.CONSOLE_PORT ?? 4200),
  strictPort: true,
  allowedHosts: ['localhost', '127.0.0.1'],
  proxy,
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server,
  preview: server,
});
