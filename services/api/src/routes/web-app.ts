import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswer, HttpError } from '../errors';
import { fileAnswer, textAnswer } from '../openapi';

/**
 * The analysts' web app's policy: its own script and stylesheet only (no
 * inline code, no CDN: the build bundles everything), calls to this API
 * only, and images from its own origin or the web, because an article's lead
 * image lives on its publisher's host. Never framed, never a form post.
 */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: http:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

interface WebFile {
  type: string;
  body: Buffer;
  /** The same bytes gzipped, for text worth it. */
  gzip?: Buffer;
}

/** The first of `candidates` that holds a built app (an index.html). */
export function findWebApp(candidates: URL[]): URL | undefined {
  return candidates.find((dir) => existsSync(new URL('index.html', dir)));
}

/** index.html and every file under assets/, read once: they change only with a new build. */
function loadFiles(dir: URL): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const add = (name: string) => {
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    const body = readFileSync(new URL(name, dir));
    const compressible = /^(text\/|image\/svg|application\/json)/.test(type) && body.length > 1024;
    files.set(name, { type, body, ...(compressible ? { gzip: gzipSync(body, { level: 9 }) } : {}) });
  };
  add('index.html');
  const assets = new URL('assets/', dir);
  if (existsSync(assets))
    for (const entry of readdirSync(assets, { withFileTypes: true }))
      if (entry.isFile()) add(`assets/${entry.name}`);
  return files;
}

/** Headers and body for a file: gzipped when the client takes it, the page under its policy. */
function answer(file: WebFile, accepts: string | undefined, cache: string) {
  const headers: Record<string, string> = {
    'content-type': file.type,
    'cache-control': cache,
    vary: 'accept-encoding',
  };
  if (file.type.startsWith('text/html')) headers['content-security-policy'] = WEB_APP_CSP;
  if (file.gzip && /\bgzip\b/.test(accepts ?? '')) {
    headers['content-encoding'] = 'gzip';
    return { headers, body: file.gzip };
  }
  return { headers, body: file.body };
}

/**
 * `/`: the analysts' web app (apps/web, built by `pnpm build`), and
 * `/assets/<name>`, its hashed files (cached for good: a new build names them
 * anew). Public: the page holds no data; every article it shows comes from
 * the read routes, with the analyst's token. `dir` undefined: not built,
 * and `/` says so.
 */
export function webAppRoutes(dir: URL | undefined): FastifyPluginAsyncZod {
  const files = dir ? loadFiles(dir) : new Map<string, WebFile>();
  return async (app) => {
    app.get(
      '/',
      {
        config: { auth: 'public' },
        schema: {
          summary: "The analysts' web app",
          description:
            'The search page (apps/web). It holds no data: it calls the read routes with the token the analyst signs in with.',
          tags: ['web app'],
          operationId: 'webApp',
          response: {
            200: fileAnswer('text/html', "The app's page."),
            503: textAnswer('text/plain', 'The app is not built (`pnpm build`).'),
          },
        },
      },
      async (request, reply) => {
        const page = files.get('index.html');
        if (!page)
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The web app is not built: run `pnpm build` (apps/web).\n');
        const { headers, body } = answer(page, request.headers['accept-encoding'], 'no-cache');
        return reply.headers(headers).send(body);
      },
    );

    app.get(
      '/assets/:name',
      {
        config: { auth: 'public' },
        schema: {
          summary: "A file of the analysts' web app",
          description: 'Its script, stylesheet and icons, named by their content: cached for good.',
          tags: ['web app'],
          operationId: 'webAppAsset',
          params: z.object({ name: z.string().max(200) }),
          response: {
            200: fileAnswer('application/octet-stream', 'The file, under its own media type.'),
            404: errorAnswer('No file of the app has this name.'),
          },
        },
      },
      async (request, reply) => {
        const file = files.get(`assets/${request.params.name}`);
        if (!file) throw new HttpError(404, `no file ${request.params.name}`);
        const { headers, body } = answer(
          file,
          request.headers['accept-encoding'],
          'public, max-age=31536000, immutable',
        );
        return reply.headers(headers).send(body);
      },
    );
  };
}
