/**
 * How long the server says its response stays fresh, in whole seconds: the
 * pollers' floor between two polls. `Cache-Control: max-age` (or `s-maxage`,
 * meant for shared caches like us) wins over `Expires`, which counts from the
 * response's `Date`. `no-cache`/`no-store` mean "ask every time": undefined.
 */
export function freshnessSeconds(
  headers: { cacheControl?: string; expires?: string; date?: string },
  now: number = Date.now(),
): number | undefined {
  const directives = new Map(
    (headers.cacheControl ?? '')
      .toLowerCase()
      .split(',')
      .map((d) => d.trim().split('=') as [string, string | undefined])
      .filter(([name]) => name !== ''),
  );
  if (directives.has('no-cache') || directives.has('no-store')) return undefined;
  const maxAge = directives.get('s-maxage') ?? directives.get('max-age');
  if (maxAge !== undefined) {
    const seconds = Number.parseInt(maxAge.replace(/"/g, ''), 10);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  }
  if (headers.expires) {
    const expires = Date.parse(headers.expires);
    const base = headers.date ? Date.parse(headers.date) : now;
    if (Number.isFinite(expires) && Number.isFinite(base) && expires > base)
      return Math.round((expires - base) / 1000);
  }
  return undefined;
}
