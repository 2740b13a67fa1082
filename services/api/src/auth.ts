import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

const matches = (given: Buffer, expected: Buffer) => given.length === expected.length && timingSafeEqual(given, expected);

/**
 * A preHandler that requires `Authorization: Bearer <token>` when `token` is
 * configured; `alsoAccepted` tokens (the admin token on search routes) pass
 * too. Compared in constant time so a token can't be guessed by timing.
 */
export function requireBearer(token: string | undefined, ...alsoAccepted: Array<string | undefined>) {
  const expected = token ? [token, ...alsoAccepted].filter((t): t is string => Boolean(t)).map((t) => Buffer.from(t)) : [];
  return async (request: FastifyRequest) => {
    if (expected.length === 0) return;
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (!expected.some((e) => matches(given, e))) {
      throw new HttpError(401, 'missing or wrong token: send Authorization: Bearer <token>');
    }
  };
}
