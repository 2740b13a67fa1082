import type { Config } from './schema';

/**
 * True when only this machine can reach an address a server listens on:
 * localhost, 127.0.0.0/8 or ::1. 0.0.0.0 and :: are every interface.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * Why the API must not listen on API_HOST with this configuration, or
 * undefined when it may. Without ADMIN_TOKEN the feed, dead-letter and admin
 * routes answer anyone who reaches the API, so it may listen on loopback only.
 */
export function apiExposureProblem(config: Pick<Config, 'API_HOST' | 'ADMIN_TOKEN'>): string | undefined {
  if (config.ADMIN_TOKEN || isLoopbackHost(config.API_HOST)) return undefined;
  return `API_HOST=${config.API_HOST} without ADMIN_TOKEN would open the feed and admin routes to other machines: set ADMIN_TOKEN, or leave API_HOST at 127.0.0.1`;
}

/**
 * Why a service that only reads Meilisearch (the API, the matcher) must not
 * start with this configuration, or undefined when it may: the master key
 * stays with the indexer, so a compromised reader cannot change or delete
 * the index.
 */
export function masterKeyProblem(
  config: Pick<Config, 'MEILI_MASTER_KEY'>,
  service: string,
): string | undefined {
  if (!config.MEILI_MASTER_KEY) return undefined;
  return `MEILI_MASTER_KEY must not reach the ${service}; give it MEILI_SEARCH_KEY (the indexer creates that key, see .env.example)`;
}
