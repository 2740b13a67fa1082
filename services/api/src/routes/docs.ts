import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';

/** The OpenAPI document (public: it says nothing a caller could not learn by trying). */
export const DOCUMENT_PATH = '/openapi.json';
/** The document rendered for people. */
export const DOCS_PATH = '/docs';

/**
 * Swagger UI's files are all served from here (@fastify/swagger-ui ships
 * them: nothing comes from a CDN, the page works offline); it fetches the
 * document and, with "Try it out", the API itself from the same origin.
 * Scripts are its own files only; styles may be inline, which some of its
 * markup needs (as the queue board's does), and styles cannot run code.
 * Checked in headless Chromium (pages.test.ts).
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The API's documentation, public: `/openapi.json`, the document
 * (openapi.ts makes it), and `/docs`, the document rendered for people by
 * Swagger UI. Every route here (page, files, Swagger UI's own copy of the
 * document at `/docs/json`) is declared public and left out of the document
 * as it is added.
 */
export function docsRoutes(): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: 'public' };
      route.schema = { ...route.schema, hide: true };
    });
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', DOCS_CSP);
    });
    app.get(DOCUMENT_PATH, async () => app.swagger());
    await app.register(swaggerUi, {
      routePrefix: DOCS_PATH,
      theme: { title: 'Tidings API' },
      // No validator badge: it would send the document to validator.swagger.io.
      uiConfig: { validatorUrl: null, deepLinking: true, displayOperationId: true, tryItOutEnabled: false },
    });
  };
}
