import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { addSecurityHeaders, DEFAULT_PAGE_CSP } from './security-headers';

describe('security headers', () => {
  const app = Fastify();
  addSecurityHeaders(app);
  app.get('/bare-page', async (_request, reply) => reply.type('text/html').send('<p>hi</p>'));
  app.get('/own-policy', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'")
      .send('<p/>'),
  );
  app.get('/framable', async (_request, reply) =>
    reply.type('text/html').header('content-security-policy', "frame-ancestors 'self'").send('<p/>'),
  );
  app.get('/json', async () => ({ ok: true }));

  it('gives a page without a policy the default one, which forbids framing', async () => {
    const res = await app.inject({ url: '/bare-page' });
    expect(res.headers['content-security-policy']).toBe(`${DEFAULT_PAGE_CSP}; frame-ancestors 'none'`);
    expect(res.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
  });

  it("adds frame-ancestors to a page's own policy, and keeps one the page chose", async () => {
    expect((await app.inject({ url: '/own-policy' })).headers['content-security-policy']).toBe(
      "default-src 'self'; frame-ancestors 'none'",
    );
    expect((await app.inject({ url: '/framable' })).headers['content-security-policy']).toBe(
      "frame-ancestors 'self'",
    );
  });

  it('sends nosniff on everything, and no page policy on JSON', async () => {
    const res = await app.inject({ url: '/json' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeUndefined();
  });
});
