import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, RawServerDefault } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The body of every error answer: a status phrase, a readable message, and the bad field if any. */
export const ErrorBody = z
  .object({
    error: z.string().describe('The status phrase, e.g. `Not Found`.'),
    message: z.string().describe('What went wrong, for a person to read.'),
    field: z.string().optional().describe('The input field at fault (dotted path), when one is.'),
  })
  .meta({ id: 'Error', description: 'An error answer.' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * An error answer of a route, for its `schema.response`: the shared
 * {@link ErrorBody} (the document's `Error` component) with what this status
 * means on this route.
 */
export const errorAnswer = (description: string) => ErrorBody.describe(description);

/** {@link ErrorBody} as a route's response schema (for the OpenAPI document). */
export const ErrorResponse = z.object({
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
});

/** An error a route raises on purpose, with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as JSON. Validation errors name the first bad field;
 * unexpected errors are logged with their stack and answered without it.
 */
export function registerErrorHandling<L extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>,
): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const fieldOf = (path: string) => path.replace(/^\//, '').replace(/\//g, '.');
      const field = first ? fieldOf(first.instancePath) : '';
      const message = err.validation
        .map((v) => `${fieldOf(v.instancePath) || err.validationContext}: ${v.message}`)
        .join('; ');
      return reply
        .status(400)
        .send({ error: 'Bad Request', message, ...(field ? { field } : {}) } satisfies ErrorBody);
    }
    if (err instanceof HttpError) {
      return reply.status(err.statusCode).send({
        error: PHRASES[err.statusCode] ?? 'Error',
        message: err.message,
        ...(err.field ? { field: err.field } : {}),
      } satisfies ErrorBody);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'request failed');
    return reply.status(status).send({
      error: PHRASES[status] ?? (status === 500 ? 'Internal Server Error' : 'Error'),
      message: status === 500 ? 'internal error' : err.message,
    } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: 'Not Found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    } satisfies ErrorBody);
  });
}
