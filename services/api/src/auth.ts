import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/**
 * A preHandler that requires `Authorization: Bearer <token>` when a token is
 * configured. Compared in constant time so the token can't be guessed by timing.
 */
export function requireBearer(token: string | undefined) {
  const expected = token ? Buffer.from(token) : undefined;
  return async (request: FastifyRequest) => {
    if (!expected) return;
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(401, 'missing or wrong admin token: send Authorization: Bearer $ADMIN_TOKEN');
    }
  };
}
