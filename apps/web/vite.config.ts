import { defaultClientConditions, defineConfig } from 'vite';

/**
 * `pnpm build` writes dist/ (index.html and hashed files under assets/),
 * which the API serves at `/`. Everything is bundled: no CDN, nothing inline,
 * so the API's Content-Security-Policy can allow only the page's own files.
 * `pnpm --filter @tidings/web dev` serves the page with live reload and
 * sends `/v1` to the API at API_PORT (8080 by default).
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Workspace packages (@tidings/api-client) are bundled from their TypeScript
  // sources, as the tests read them: the page needs no package built first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    target: 'es2022',
    // Files, never data: URLs (the policy allows images from the page's origin, not data:).
    assetsInlineLimit: 0,
    // The module preload polyfill is for browsers older than the es2022 target.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/v1': `http://127.0.0.1:${process.env.API_PORT ?? 8080}` },
  },
});
