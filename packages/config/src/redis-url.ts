/** One sentinel's address. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/** A Redis reached through Redis Sentinel, as a `redis+sentinel://` REDIS_URL names it. */
export interface SentinelTarget {
  /** The sentinels to ask for the master's address, in the URL's order. */
  sentinels: SentinelAddress[];
  /** The name the sentinels monitor the master under (`sentinel monitor <name> …`). */
  masterName: string;
  /** Database number on the master (0 unless the URL names one). */
  db: number;
  /** User logging in to the master (ACL); the sentinels are sent the password alone. */
  username?: string;
  /** Password of the master, and of the sentinels (their `requirepass`). */
  password?: string;
  /** `rediss+sentinel:`: TLS to the sentinels and to the master. */
  tls: boolean;
}

/** What a wrong sentinel URL is refused with; the message never repeats the password. */
export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

/** The form a sentinel URL takes, for error messages and docs. */
export const SENTINEL_URL_FORM =
  'redis+sentinel://[[user]:password@]host:port[,host:port…]/<masterName>[/<db>]';

/** The port sentinels listen on when an address names none. */
export const DEFAULT_SENTINEL_PORT = 26379;

// Scheme (with its colon, lower case) → whether it means TLS.
const SENTINEL_SCHEMES = new Map([
  ['redis+sentinel:', false],
  ['rediss+sentinel:', true],
]);

/** Whether a REDIS_URL names sentinels (`redis+sentinel:`, `rediss+sentinel:`) rather than one Redis. */
export function isSentinelUrl(url: string): boolean {
  return SENTINEL_SCHEMES.has(schemeOf(url));
}

/**
 * Read a `redis+sentinel://` (or `rediss+sentinel://`) URL: {@link SENTINEL_URL_FORM}.
 * The URL class cannot take a list of hosts, so the list is cut out and each
 * address parsed on its own; the rest (credentials, path) is parsed with the
 * first address in the list's place. Throws {@link RedisUrlError}.
 */
export function parseSentinelUrl(url: string): SentinelTarget {
  const scheme = schemeOf(url);
  const tls = SENTINEL_SCHEMES.get(scheme);
  if (tls === undefined) throw new RedisUrlError('not a redis+sentinel:// or rediss+sentinel:// URL');
  if (!url.startsWith('//', scheme.length)) throw new RedisUrlError(`${scheme} must be followed by //`);
  const rest = url.slice(scheme.length + 2);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at + 1);
  const hosts = authority.slice(at + 1).split(',');
  const sentinels = hosts.map((text, i) => sentinelAddress(text, i + 1));

  // A `/`, `?` or `#` left raw in the user name or password would end the authority early.
  const unencoded = new RedisUrlError('the user name or password has a raw /, ?, # or % (percent-encode it)');
  let parsed: URL;
  try {
    parsed = new URL(`${scheme}//${userinfo}${hosts[0]}${slash < 0 ? '' : rest.slice(slash)}`);
  } catch {
    throw unencoded;
  }
  if (parsed.host !== new URL(`redis://${hosts[0]}`).host) throw unencoded;
  if (parsed.search !== '' || parsed.hash !== '') throw new RedisUrlError('no ?query or #fragment is taken');
  const [name = '', db, ...extra] = parsed.pathname.slice(1).split('/');
  const masterName = decode(name, 'master name');
  if (masterName === '')
    throw new RedisUrlError('the master name is missing: …/<masterName> after the sentinels');
  if (extra.length > 0 || (db !== undefined && db !== '' && !/^\d{1,5}$/.test(db)))
    throw new RedisUrlError('the path is /<masterName> or /<masterName>/<db>, db a number');
  const username = decode(parsed.username, 'user name');
  const password = decode(parsed.password, 'password');
  return {
    sentinels,
    masterName,
    db: db ? Number(db) : 0,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    tls,
  };
}

// `host:port`, `host` (the default sentinel port) or `[v6]:port`. The text is not repeated in the
// error: a raw `/` or `@` in a password puts part of it here.
function sentinelAddress(text: string, position: number): SentinelAddress {
  const wrong = new RedisUrlError(`sentinel address #${position} is not a host:port`);
  if (text === '') throw wrong;
  let url: URL;
  try {
    url = new URL(`redis://${text}`);
  } catch {
    throw wrong;
  }
  // What is left after the authority was cut at `/` and `@` must be a host and port alone.
  if (url.hostname === '' || url.pathname !== '' || url.search !== '' || url.hash !== '') throw wrong;
  const port = url.port === '' ? DEFAULT_SENTINEL_PORT : Number(url.port);
  if (port === 0) throw wrong;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  return colon < 0 ? '' : url.slice(0, colon + 1).toLowerCase();
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RedisUrlError(`the ${what} has a broken %-escape`);
  }
}
