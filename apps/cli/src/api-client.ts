import { createTidingsClient, type TidingsClient } from '@tidings/api-client';
import type { Config } from '@tidings/config';

/**
 * The CLI's admin operations go through the API, the same path operators
 * use with curl, so they need nothing but the API's URL and the admin token:
 * `--api`, else API_HOST and API_PORT.
 */
export function apiClientFor(config: Config, apiUrl?: string): TidingsClient {
  const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  return createTidingsClient(apiUrl ?? `http://${host}:${config.API_PORT}`, config.ADMIN_TOKEN);
}
