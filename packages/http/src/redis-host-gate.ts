import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { HostBusyError, type HostGate, type ReleaseSlot } from './host-gate';

/** How a {@link RedisHostGate} limits each host. */
export interface RedisHostGateOptions {
  /** One Redis or a cluster (`RedisClient` of `@tidings/queue`): a host's keys share one slot. */
  redis: Redis | Cluster;
  /** Key prefix (the queue prefix), so two stacks sharing one Redis keep separate limits. */
  prefix: string;
  /** Requests in flight per host, across every process sharing this Redis. */
  maxConcurrency: number;
  /** Request starts per host per second, across every process; may be fractional (0.5 = one every 2 s). */
  maxPerSecond: number;
  /** A slot not released within this long (its holder crashed) frees itself. Keep it above the fetch timeout. Default 60 s. */
  leaseMs?: number;
  /** How long `acquire` may wait in-process before throwing {@link HostBusyError}. Default 2 s. */
  maxWaitMs?: number;
}

type Keys = { leases: string; rate: string };
type Verdict = [granted: number, rateWaitMs: number, full: number];
type GateRedis = (Redis | Cluster) & {
  tidingsHostGateAcquire(
    leasesKey: string,
    rateKey: string,
    token: string,
    maxConcurrency: number,
    intervalMs: number,
    leaseMs: number,
  ): Promise<Verdict>;
  tidingsHostGateHoldOff(rateKey: string, holdMs: number): Promise<void>;
};

// One script, so that checking both limits and taking the slot is atomic across processes.
// Redis's own clock is used, so workers on hosts with skewed clocks still agree.
// Leases: a sorted set of tokens scored by expiry; expired ones (crashed holders) are purged here.
// Rate: GCRA with no burst, i.e. the theoretical arrival time of the next allowed start.
// Both keys expire on their own, so an idle host costs no memory.
const ACQUIRE_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local leaseMs = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local full = redis.call('ZCARD', KEYS[1]) >= limit
local tat = tonumber(redis.call('GET', KEYS[2]) or now)
if tat < now then tat = now end
local rateWait = math.ceil(tat - now)
if full or rateWait > 0 then
  return {0, rateWait, full and 1 or 0}
end
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[1])
if redis.call('PTTL', KEYS[1]) < leaseMs then redis.call('PEXPIRE', KEYS[1], leaseMs) end
local nextTat = tat + interval
redis.call('SET', KEYS[2], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now))
return {1, 0, 0}
`;

// A host's Retry-After pushes its next allowed start (the rate key above) to now + the wait,
// never back: every acquire then sees a rate wait longer than its budget and gives up at once
// with that wait, so jobs for the host are deferred until then instead of asking it again.
const HOLD_OFF_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if untilMs > tat then
  redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(untilMs - now))
end
return 0
`;

const MIN_POLL_MS = 25;
const MAX_POLL_MS = 250;

/**
 * Per-host politeness shared by every worker process: at most `maxConcurrency` requests in flight
 * and `maxPerSecond` request starts per host. A caller that cannot get a slot within `maxWaitMs`
 * gets a {@link HostBusyError} and should retry its whole job later instead of holding a worker.
 */
export class RedisHostGate implements HostGate {
  private readonly redis: GateRedis;
  private readonly prefix: string;
  private readonly maxConcurrency: number;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private readonly maxWaitMs: number;

  constructor(options: RedisHostGateOptions) {
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${options.maxConcurrency}`);
    }
    if (!(options.maxPerSecond > 0) || !Number.isFinite(options.maxPerSecond)) {
      throw new RangeError(`maxPerSecond must be a positive number, got ${options.maxPerSecond}`);
    }
    this.prefix = options.prefix;
    this.maxConcurrency = options.maxConcurrency;
    this.intervalMs = 1000 / options.maxPerSecond;
    this.leaseMs = Math.ceil(options.leaseMs ?? 60_000);
    this.maxWaitMs = options.maxWaitMs ?? 2000;
    this.redis = options.redis as GateRedis;
    // Defining twice on a shared connection just replaces the same script.
    this.redis.defineCommand('tidingsHostGateAcquire', { numberOfKeys: 2, lua: ACQUIRE_LUA });
    this.redis.defineCommand('tidingsHostGateHoldOff', { numberOfKeys: 1, lua: HOLD_OFF_LUA });
  }

  /**
   * Waits (up to `maxWaitMs`, honouring `signal`) until both the host's concurrency and rate allow
   * one more request, then resolves with its release. Rejects with {@link HostBusyError} when the
   * wait budget runs out (or when the rate alone cannot allow a start within it), or with the
   * signal's reason when aborted.
   */
  async acquire(host: string, options: { signal?: AbortSignal } = {}): Promise<ReleaseSlot> {
    const { signal } = options;
    const keys = this.keys(host);
    const token = randomUUID();
    const giveUpAt = Date.now() + this.maxWaitMs;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const [granted, rateWaitMs, full] = await this.tryAcquire(keys, token, signal);
      if (granted === 1) return this.releaser(keys, token);
      const remaining = giveUpAt - Date.now();
      // The rate's wait is exact; when it alone outlasts the budget, waiting is pointless.
      if (rateWaitMs > remaining || (full === 1 && remaining <= 0)) {
        throw new HostBusyError(host, full === 1 ? Math.max(rateWaitMs, this.maxWaitMs) : rateWaitMs);
      }
      // Nobody knows when a full host frees a slot, so poll with growing, jittered delays.
      const wait = full === 1 ? Math.max(rateWaitMs, pollDelay(attempt)) : rateWaitMs;
      await sleep(Math.min(wait, remaining), signal);
    }
  }

  /**
   * Grants no slot for `host` until `ms` from now (Redis's clock), across every process: each
   * `acquire` until then throws {@link HostBusyError} with the time left, unless the hold is
   * shorter than its wait budget. A longer hold already in place is kept.
   */
  async holdOff(host: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await this.redis.tidingsHostGateHoldOff(this.keys(host).rate, Math.ceil(ms));
  }

  private keys(host: string): Keys {
    // The braces are a Redis Cluster hash tag: both keys of a host live in one slot, as the script needs.
    const base = `${this.prefix}:host:{${host}}`;
    return { leases: `${base}:leases`, rate: `${base}:rate` };
  }

  private async tryAcquire(keys: Keys, token: string, signal: AbortSignal | undefined): Promise<Verdict> {
    const call = this.redis.tidingsHostGateAcquire(
      keys.leases,
      keys.rate,
      token,
      this.maxConcurrency,
      this.intervalMs,
      this.leaseMs,
    );
    if (!signal) return call;
    return abortable(call, signal, (verdict) => {
      // The caller left while Redis was granting: give the slot straight back.
      if (verdict[0] === 1) void this.redis.zrem(keys.leases, token).catch(() => undefined);
    });
  }

  private releaser(keys: Keys, token: string): ReleaseSlot {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      // Only this holder's lease goes; an expired one was already purged and ZREM is then a no-op.
      await this.redis.zrem(keys.leases, token);
    };
  }
}

function pollDelay(attempt: number): number {
  const base = Math.min(MIN_POLL_MS * 2 ** attempt, MAX_POLL_MS);
  return Math.round(base * (0.5 + Math.random()));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Races a Redis call against an abort. A command cannot be recalled once sent, so when the abort
 * wins, `abandoned` still sees the late result (to undo a grant nobody will release).
 */
function abortable<T>(call: Promise<T>, signal: AbortSignal, abandoned: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      settled = true;
      reject(signal.reason);
      call.then(abandoned, () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) reject(error);
      },
    );
  });
}
