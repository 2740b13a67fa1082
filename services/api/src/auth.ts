import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyTypeProvider,
  RawServerDefault,
  RouteOptions,
} from 'fastify';
import type { ErrorBody } from './errors';

/**
 * Who may call a route, declared on every route as `config.auth`:
 * - `public`: anyone (probes and scrapers: health, readiness, metrics);
 * - `read`: articles in any form; the read token (SEARCH_TOKEN) when it is
 *   set, the admin token passing too;
 * - `read-or-key`: the same, or the `?key=` of the saved search the request
 *   names (its Atom feed, its stream): feed readers and EventSource cannot
 *   send a header, so the feed's URL carries a key that opens that one feed;
 * - `admin`: the admin token (ADMIN_TOKEN) when it is set, as a Bearer token;
 * - `admin-page`: the same, or HTTP Basic with the token as password, for
 *   pages a person opens in a browser (the browser asks for it itself after
 *   the challenge, and re-sends it on the page's own requests).
 */
export type Access = 'public' | 'read' | 'read-or-key' | 'admin' | 'admin-page';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; every route declares it (see {@link requireDeclaredAccess}). */
    auth?: Access;
  }
}

const ACCESS: ReadonlySet<string> = new Set<Access>(['public', 'read', 'read-or-key', 'admin', 'admin-page']);

/** The tokens the API was started with; a token not set leaves its routes open. */
export interface Tokens {
  adminToken?: string;
  searchToken?: string;
  /** For `read-or-key` routes: whether the request carries the key of the saved search it names. */
  feedKey?: (request: FastifyRequest) => Promise<boolean>;
}

const matches = (given: Buffer, expected: Buffer) =>
  given.length === expected.length && timingSafeEqual(given, expected);

/** The token a request carries: a Bearer token, or the password of Basic credentials (what a browser can send). */
function presentedToken(header: string, allowBasic: boolean): string {
  if (header.startsWith('Bearer ')) return header.slice(7);
  if (allowBasic && header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return '';
}

/** Compared in constant time, so a token can't be guessed by timing. */
function checker(tokens: Array<string | undefined>, allowBasic: boolean) {
  const expected = tokens.filter((t): t is string => Boolean(t)).map((t) => Buffer.from(t));
  return (request: FastifyRequest): boolean => {
    const given = Buffer.from(presentedToken(request.headers.authorization ?? '', allowBasic));
    return expected.some((e) => matches(given, e));
  };
}

/**
 * Make `ready()` fail, naming them, if routes declare no (or an unknown)
 * `config.auth`: a new route cannot be left open by forgetting. Call it
 * first, so that it sees every route.
 */
export function requireDeclaredAccess<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
): void {
  const routes: Array<Pick<RouteOptions, 'method' | 'url' | 'config'>> = [];
  // Checked once all routes exist: a plugin's own onRoute hook (the queue board's) declares after this one runs.
  app.addHook('onRoute', (route) => void routes.push(route));
  app.addHook('onReady', async () => {
    const undeclared = routes
      .filter((route) => !ACCESS.has(String(route.config?.auth)))
      .map((route) => `${route.method} ${route.url}`);
    if (undeclared.length > 0)
      throw new Error(`routes without config.auth (${[...ACCESS].join(', ')}): ${undeclared.join('; ')}`);
  });
}

/**
 * Enforce every route's `config.auth` in one onRequest hook: before the
 * body is read or validated, so a caller without the token learns nothing
 * of the schema. Added after the rate limit's hook, so that guessing tokens
 * is throttled too.
 */
export function checkAccess<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
  tokens: Tokens,
): void {
  const { adminToken, searchToken } = tokens;
  const reader = checker([searchToken, adminToken], false);
  const admin = checker([adminToken], false);
  const adminPage = checker([adminToken], true);
  // Answered here, not thrown: a plugin's own error handler (the queue board's) would reshape a thrown error.
  const refuse = (
    reply: FastifyReply,
    message = 'missing or wrong token: send Authorization: Bearer <token>',
  ) => reply.code(401).send({ error: 'Unauthorized', message } satisfies ErrorBody);
  app.addHook('onRequest', async (request, reply) => {
    // No route: the 404 says nothing a caller could not guess.
    if (request.is404) return;
    switch (request.routeOptions.config.auth) {
      case 'public':
        return;
      case 'read':
        if (!searchToken || reader(request)) return;
        return refuse(reply);
      case 'read-or-key':
        if (!searchToken || reader(request)) return;
        if (tokens.feedKey && (await tokens.feedKey(request))) return;
        return refuse(
          reply,
          "missing or wrong token: send Authorization: Bearer <token>, or the saved search's ?key=",
        );
      case 'admin':
        if (!adminToken || admin(request)) return;
        return refuse(reply);
      case 'admin-page':
        if (!adminToken || adminPage(request)) return;
        // The challenge makes a browser ask for the token itself.
        reply.header('www-authenticate', 'Basic realm="Tidings admin", charset="UTF-8"');
        return refuse(
          reply,
          'admin token required: any user name, the token as password (or Authorization: Bearer <token>)',
        );
      default:
        // Only a route added outside requireDeclaredAccess's sight gets here: closed all the same.
        throw new Error(`${request.method} ${request.url} declares no config.auth`);
    }
  });
}
