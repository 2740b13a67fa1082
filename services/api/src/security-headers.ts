import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawServerDefault } from 'fastify';

/**
 * The policy of an HTML page that sets none of its own: only its own
 * origin's resources. A page that needs more (the queue board's inline
 * styles) sets its own policy; `frame-ancestors` is added to it if missing.
 */
export const DEFAULT_PAGE_CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * Headers on every answer: `X-Content-Type-Options: nosniff`, so that no
 * browser reads JSON or text as a script or a page. And on every HTML page
 * (the status page, the queue board, any later one): a Content-Security-Policy
 * that forbids framing (`frame-ancestors 'none'`; the admin pages could
 * otherwise be framed for clickjacking while the browser remembers the Basic
 * credentials), `X-Frame-Options: DENY` for browsers without CSP 2, and
 * `Referrer-Policy: no-referrer` so that links out leak no admin URL.
 */
export function addSecurityHeaders<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    const policy = String(reply.getHeader('content-security-policy') ?? DEFAULT_PAGE_CSP);
    reply.header(
      'content-security-policy',
      /(^|;)\s*frame-ancestors\s/.test(policy) ? policy : `${policy}; frame-ancestors 'none'`,
    );
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
