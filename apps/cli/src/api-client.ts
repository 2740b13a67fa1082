import type { Config } from '@tidings/config';

/**
 * The CLI's admin operations go through the API, the same path operators
 * use with curl, so they need nothing but the API's URL and token.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  static fromConfig(config: Config, apiUrl?: string): ApiClient {
    const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
    return new ApiClient(apiUrl ?? `http://${host}:${config.API_PORT}`, config.ADMIN_TOKEN);
  }

  async request(method: string, path: string, body?: { type: string; data: string }): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body) headers['content-type'] = body.type;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body: body?.data });
    } catch (err) {
      throw new Error(
        `the API at ${this.baseUrl} did not answer (${(err as Error).cause ?? (err as Error).message}); is Tidings running?`,
      );
    }
    if (!res.ok) {
      const detail = await res.json().then(
        (j) => (j as { message?: string }).message,
        () => res.statusText,
      );
      throw new Error(`${method} ${path} failed: ${res.status} ${detail}`);
    }
    return res;
  }
}
