import { HttpClient, type HttpClientOptions } from '@tidings/http';

/**
 * Small limits for bad-input tests: a 1 MiB cap, a 2 s deadline, 5 redirects, private networks
 * refused; any port, since the hostile server listens on a random one.
 */
export const HOSTILE_LIMITS: HttpClientOptions = {
  userAgent: 'test',
  allowPrivateNetworks: false,
  allowedPorts: 'any',
  maxBytes: 1024 * 1024,
  totalTimeoutMs: 2_000,
  maxRedirects: 5,
};

/**
 * Stands in for one public host: admits the hostile server's address for the first check
 * only (the requested URL's own IP literal). Every later hop, and every DNS answer, is judged
 * by the production policy (ALLOW_PRIVATE_NETWORKS off).
 */
export class AdmitsFirstHop extends HttpClient {
  private admitted = false;
  protected override isAllowedAddress(address: string): boolean {
    if (!this.admitted && address === '127.0.0.1') {
      this.admitted = true;
      return true;
    }
    return super.isAllowedAddress(address);
  }
}

/** Admits the hostile server on every hop (loopback stands in for the internet). */
export class OnlyHostileServer extends HttpClient {
  protected override isAllowedAddress(address: string): boolean {
    return address === '127.0.0.1';
  }
}
