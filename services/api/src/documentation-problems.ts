import type { Access } from './auth';
import { type DeclaredRoute, SECURITY } from './openapi';
import { DOCS_PATH, DOCUMENT_PATH } from './routes/docs';

/** The parts of an OpenAPI document the check reads. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation | undefined> | undefined>;
}

interface OpenApiOperation {
  summary?: string;
  parameters?: Array<{ in?: string; name?: string }>;
  security?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** Routes that are the documentation itself: public, and rightly not in the document. */
const isDocumentation = (url: string) =>
  url === DOCUMENT_PATH || url === DOCS_PATH || url.startsWith(`${DOCS_PATH}/`);

/** Fastify's `/v1/feeds/:id` as OpenAPI writes it: `/v1/feeds/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Every way the document falls short of the routes, one line each (empty
 * when it covers them all): a route missing from it, without a summary,
 * without a success answer or its schema, with an undocumented path
 * parameter, without the 400 its input validation can answer or the 401 its
 * token check can, or documented with another auth than it has. A hidden
 * route is a problem too, unless it is a page (`admin-page`) or the
 * documentation itself: hiding is for what is not the API.
 */
export function documentationProblems(document: OpenApiDocument, routes: readonly DeclaredRoute[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    // HEAD routes are Fastify's own copies of the GET routes.
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    const auth = route.config?.auth as Access | undefined;
    for (const method of methods) {
      const name = `${method} ${route.url}`;
      if (route.schema?.hide) {
        if (auth !== 'admin-page' && !isDocumentation(route.url))
          problems.push(`${name}: hidden, but it is neither a page nor the documentation`);
        continue;
      }
      const operation = document.paths?.[openApiPath(route.url)]?.[method.toLowerCase()];
      if (!operation) {
        problems.push(`${name}: not in the document`);
        continue;
      }
      problems.push(...operationProblems(name, route, auth, operation));
    }
  }
  return problems;
}

function operationProblems(
  name: string,
  route: DeclaredRoute,
  auth: Access | undefined,
  operation: OpenApiOperation,
): string[] {
  const problems: string[] = [];
  if (!operation.summary) problems.push(`${name}: no summary`);
  const responses = Object.entries(operation.responses ?? {});
  const successes = responses.filter(([status]) => status.startsWith('2'));
  if (successes.length === 0) problems.push(`${name}: no success answer`);
  for (const [status, response] of successes) {
    // @fastify/swagger's stand-in for a route that declares no responses.
    if (!response.description || response.description === 'Default Response')
      problems.push(`${name}: answer ${status} not described`);
    const schemas = Object.values(response.content ?? {}).filter((media) => media.schema);
    if (status !== '204' && schemas.length === 0) problems.push(`${name}: answer ${status} has no schema`);
  }
  const documented = new Set(
    (operation.parameters ?? []).filter((p) => p.in === 'path').map((parameter) => parameter.name),
  );
  for (const [, parameter] of route.url.matchAll(/:(\w+)/g))
    if (!documented.has(parameter)) problems.push(`${name}: path parameter ${parameter} not documented`);
  const status = new Set(responses.map(([code]) => code));
  const schema = route.schema ?? {};
  if ((schema.params || schema.querystring || schema.body) && !status.has('400'))
    problems.push(`${name}: validates its input but documents no 400`);
  if (auth !== 'public' && !status.has('401')) problems.push(`${name}: needs a token but documents no 401`);
  const expected = auth ? SECURITY[auth] : undefined;
  if (JSON.stringify(operation.security) !== JSON.stringify(expected))
    problems.push(
      `${name}: documented security ${JSON.stringify(operation.security)}, but config.auth is ${auth}`,
    );
  return problems;
}
