// Query parameters that only track where a click came from; the article is the same without them.
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  '_ga',
  '_gl',
  'yclid',
  'ysclid',
  'ref_src',
  'ref_url',
  'twclid',
  'ttclid',
  'li_fat_id',
  'epik',
  'srsltid',
  '_hsenc',
  '_hsmi',
  '__hssc',
  '__hstc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  'rb_clickid',
  'wt_mc',
  'wt.mc_id',
  'cmpid',
  's_cid',
  'spm',
  'sc_cid',
  'at_medium',
  'at_campaign',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'stm_'];

function isTrackingParam(rawKey: string): boolean {
  let key: string;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    key = rawKey.toLowerCase();
  }
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * The canonical form of an article or feed URL, stable for equivalent inputs so it can be hashed
 * into an id: absolute (resolved against `base`), http(s) only, lower-case scheme and host,
 * default port and fragment dropped, tracking parameters removed, other parameters kept in order
 * and as encoded. Throws a TypeError for anything that is not an http(s) URL.
 */
export function canonicalUrl(url: string, base?: string): string {
  const parsed = new URL(url.trim(), base);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`not an http(s) URL: ${url}`);
  }
  parsed.hash = '';
  // Raw pairs are filtered rather than rebuilt with URLSearchParams, which would re-encode
  // values ("%20" → "+") and could change what the server sees.
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(pair.split('=', 1)[0] ?? ''));
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return parsed.href;
}
