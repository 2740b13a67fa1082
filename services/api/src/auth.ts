import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

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

function checker(tokens: Array<string | undefined>, allowBasic: boolean) {
  const expected = tokens.filter((t): t is string => Boolean(t)).map((t) => Buffer.from(t));
  return (request: FastifyRequest): boolean => {
    if (expected.length === 0) return true;
    const given = Buffer.from(presentedToken(request.headers.authorization ?? '', allowBasic));
    return expected.some((e) => matches(given, e));
  };
}

/**
 * A preHandler that requires `Authorization: Bearer <token>` when `token` is
 * configured; `alsoAccepted` tokens (the admin token on search routes) pass
 * too. Compared in constant time so a token can't be guessed by timing.
 */
export function requireBearer(token: string | undefined, ...alsoAccepted: Array<string | undefined>) {
  const allowed = checker(token ? [token, ...alsoAccepted] : [], false);
  return async (request: FastifyRequest) => {
    if (!allowed(request))
      throw new HttpError(401, 'missing or wrong token: send Authorization: Bearer <token>');
  };
}

/**
 * The admin token for pages a person opens in a browser (status page, queue
 * board): Bearer as elsewhere, or HTTP Basic with the token as password, which
 * the browser asks for itself after the challenge and then re-sends on the
 * page's own requests.
 */
export function requireAdminInBrowser(token: string | undefined) {
  const allowed = checker([token], true);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (allowed(request)) return;
    reply.header('www-authenticate', 'Basic realm="Tidings admin", charset="UTF-8"');
    throw new HttpError(
      401,
      'admin token required: any user name, the token as password (or Authorization: Bearer <token>)',
    );
  };
}
