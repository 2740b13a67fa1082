import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchema,
  FastifyTypeProvider,
  RawServerDefault,
  RouteOptions,
} from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './auth';
import { errorAnswer } from './errors';

/** A route as declared, as much of it as the document and {@link documentationProblems} need. */
export type DeclaredRoute = Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app as declared, pages and plugins' routes too: what the document must cover. */
    declaredRoutes: readonly DeclaredRoute[];
  }
}

/**
 * The document's security schemes. Both tokens travel as Bearer tokens; the
 * admin pages also take the admin token as a Basic password (what a browser
 * sends after the challenge).
 */
const SECURITY_SCHEMES = {
  readToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'SEARCH_TOKEN, when the API was started with one (routes that show articles).',
  },
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'ADMIN_TOKEN, when the API was started with one. It opens the read routes too.',
  },
  adminBasic: {
    type: 'http',
    scheme: 'basic',
    description: 'The admin pages in a browser: any user name, ADMIN_TOKEN as password.',
  },
  feedKey: {
    type: 'apiKey',
    in: 'query',
    name: 'key',
    description:
      "A saved search's `feedKey`: opens that search's Atom feed and live stream only (feed readers and EventSource send no header).",
  },
} as const;

/**
 * Each operation's `security`, from the route's `config.auth`: the same
 * declaration the onRequest hook enforces (auth.ts), so that no route can be
 * documented with another auth than it has. A `security` a route writes
 * itself is overwritten.
 */
export const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  public: [],
  read: [{ readToken: [] }, { adminToken: [] }],
  'read-or-key': [{ readToken: [] }, { adminToken: [] }, { feedKey: [] }],
  admin: [{ adminToken: [] }],
  'admin-page': [{ adminToken: [] }, { adminBasic: [] }],
};

/**
 * A text answer (not JSON) for a route's `schema.response`. The document
 * shows it under its media type; at run time a string sent with its own
 * content type never reaches the serializer.
 */
export const textAnswer = (mediaType: string, description: string) =>
  z.string().meta({ description, content: { [mediaType]: { schema: { type: 'string' } } } });

/**
 * A file answer (bytes sent as they are, perhaps gzipped): documented as
 * binary under its media type; like a text answer, never serialized.
 */
export const fileAnswer = (mediaType: string, description: string) =>
  z
    .custom<Buffer>((value) => Buffer.isBuffer(value))
    .meta({
      description,
      content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } },
    });

/**
 * A streamed answer (server-sent events): documented as text under its media
 * type; the route sends a readable stream, never serialized.
 */
export const streamAnswer = (mediaType: string, description: string) =>
  z
    .custom<Readable>((value) => value instanceof Readable)
    .meta({ description, content: { [mediaType]: { schema: { type: 'string' } } } });

/**
 * A text body (not JSON) for a route's `schema.body`, read as a string by a
 * content-type parser of the route's: validated as a string, `message` when
 * it is not one (JSON, or no body), and documented under each media type.
 */
export const textBody = (mediaTypes: string[], description: string, message: string) =>
  z.string({ error: message }).meta({
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string' } }])),
  });

/** How the app answers every route, whatever the route says: documented on each operation. */
export interface DocumentationOptions {
  /** Whether the rate limit counts requests to this URL (probes and scrapers are never throttled). */
  throttled(url: string): boolean;
  /** The body size limit, in bytes. */
  bodyLimit: number;
}

/** Error answers that come from the app, not from the route: input validation, tokens, body limits, rate limit. */
function commonErrors(
  schema: FastifySchema,
  auth: Access | undefined,
  url: string,
  options: DocumentationOptions,
): Record<number, z.ZodType> {
  const answers: Record<number, z.ZodType> = {};
  if (schema.params || schema.querystring || schema.body)
    answers[400] = errorAnswer(
      'Invalid input: the message says what is wrong, `field` names the first bad field.',
    );
  if (auth && auth !== 'public') answers[401] = errorAnswer('Missing or wrong token.');
  if (schema.body) {
    answers[413] = errorAnswer(`The body is over ${Math.round(options.bodyLimit / 1024)} KiB.`);
    answers[415] = errorAnswer('The body is of a media type this route does not read.');
  }
  if (options.throttled(url))
    answers[429] = errorAnswer('Over API_RATE_LIMIT_PER_MINUTE requests a minute from this client.');
  return answers;
}

/**
 * fastify-type-provider-zod's transform (zod → JSON Schema, named schemas as
 * `$ref`s) with what every operation shares added: the common error answers
 * and the `security` of its `config.auth`.
 */
function documentationTransform(options: DocumentationOptions): SwaggerTransform {
  return (input) => {
    const { schema, url, route } = input;
    const auth = route.config?.auth;
    const documented =
      schema && !schema.hide
        ? {
            ...schema,
            response: { ...commonErrors(schema, auth, url, options), ...(schema.response as object) },
          }
        : schema;
    const result = jsonSchemaTransform({ ...input, schema: documented });
    if (result.schema?.hide || !auth) return result;
    return { ...result, schema: { ...result.schema, security: SECURITY[auth] } };
  };
}

const COMPONENT = '#/components/schemas/';

type Schema = { $ref?: string; $id?: string; $schema?: string; description?: string };
interface Document {
  paths?: Record<string, Record<string, { responses?: Record<string, Answer> } | undefined> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}
interface Answer {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

/**
 * The finishing touches on the document @fastify/swagger assembled:
 * - only the components the operations refer to, directly or through another
 *   component, sorted (the zod registry names every schema any package
 *   registered, used here or not, each twice, as input and as output, in the
 *   order modules happened to load);
 * - without the `$id` and `$schema` zod gives each (a `$id` may not be a
 *   fragment, and the document says which dialect its schemas are);
 * - an answer whose schema is a bare `$ref` described by the component's
 *   description rather than @fastify/swagger's "Default Response".
 */
export function finishDocument<D extends object>(built: D): D {
  const document = built as Document;
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENT)) {
        const name = inner.slice(COMPONENT.length);
        if (used.has(name)) continue;
        used.add(name);
        visit(schemas[name]);
      } else visit(inner);
    }
  };
  visit(document.paths);
  const components = Object.fromEntries(
    [...used].sort().map((name) => {
      const { $id: _id, $schema: _dialect, ...schema } = schemas[name] ?? {};
      return [name, schema];
    }),
  );
  for (const operations of Object.values(document.paths ?? {}))
    for (const operation of Object.values(operations ?? {}))
      for (const answer of Object.values(operation?.responses ?? {})) {
        if (answer.description !== 'Default Response') continue;
        const ref = Object.values(answer.content ?? {})[0]?.schema?.$ref;
        const described = ref && components[ref.slice(COMPONENT.length)]?.description;
        if (described) answer.description = described;
      }
  return { ...document, components: { ...document.components, schemas: components } } as D;
}

/** Where `pnpm openapi` writes the document: the typed client's package generates its types from it. */
export const COMMITTED_DOCUMENT = new URL('../../../packages/api-client/openapi.json', import.meta.url);

/** The document as the committed file holds it. */
export const documentText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/**
 * Describe the API in an OpenAPI 3.1 document made from the routes' own zod
 * schemas (the ones that validate requests and answers): `app.swagger()`,
 * served by routes/docs.ts. Call it before any route is added: the document
 * covers the routes added after it.
 *
 * Every API route declares, besides `config.auth`: `summary`, `tags`,
 * `operationId`, its `params`/`querystring`/`body`, and `response` with a
 * schema for each success status and for the errors the route raises itself
 * (404…). Error answers the app gives on any route (400, 401, 413, 415, 429)
 * and `security` are added here. Pages are left out with `hide: true`.
 */
export function registerDocumentation<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
  options: DocumentationOptions,
): void {
  const routes: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => void routes.push(route));
  app.decorate('declaredRoutes', routes);
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tidings API',
        version: '1',
        description:
          'Search for analysts (read token), feed administration for operators (admin token), probes for ' +
          'orchestrators. Errors are JSON (`Error`). Generated from the zod schemas that validate each route.',
      },
      tags: [
        { name: 'search', description: 'Articles and stories: the read token (SEARCH_TOKEN), when set.' },
        { name: 'feeds', description: 'Feed administration: the admin token (ADMIN_TOKEN), when set.' },
        { name: 'dead letters', description: 'Jobs that failed for good: the admin token.' },
        { name: 'probes', description: 'Liveness, readiness and metrics: public.' },
      ],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: documentationTransform(options),
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input)),
  });
}
