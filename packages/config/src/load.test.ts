import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.API_PORT).toBe(8080);
    expect(c.DATA_DIR).toBe('./.data');
    expect(c.ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(c.ADMIN_TOKEN).toBeUndefined();
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['', false],
  ])('reads ALLOW_PRIVATE_NETWORKS=%j as %s', (raw, expected) => {
    expect(loadConfig({ ALLOW_PRIVATE_NETWORKS: raw }).ALLOW_PRIVATE_NETWORKS).toBe(expected);
  });

  it.each([
    ['', []],
    ['8080', [8080]],
    [' 8080, 8443 ,', [8080, 8443]],
    ['*', 'any'],
  ])('reads ALLOWED_PORTS=%j as %j (besides 80 and 443)', (raw, expected) => {
    expect(loadConfig({ ALLOWED_PORTS: raw }).ALLOWED_PORTS).toEqual(expected);
  });

  it.each(['0', '65536', 'http', '80-90', '8080;8443', '*,8080'])('refuses ALLOWED_PORTS=%j', (raw) => {
    expect(() => loadConfig({ ALLOWED_PORTS: raw })).toThrow(/ALLOWED_PORTS=.*not a port/);
  });

  it.each([
    ['', false],
    ['false', false],
    ['true', true],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, ::1, loopback', ['10.0.0.0/8', '::1', 'loopback']],
  ])('reads TRUST_PROXY=%j as %j', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).TRUST_PROXY).toEqual(expected);
  });

  it('refuses a TRUST_PROXY entry that is no address or range', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /TRUST_PROXY="10.0.0.0\/33".*not 10.0.0.0\/33/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/not proxy.example/);
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(/TRUST_PROXY="2"/);
  });

  it.each([
    ['', undefined],
    ['  ', undefined],
    ['10.0.0.1:7000', ['10.0.0.1:7000']],
    ['redis-a:6379, redis-b:6379', ['redis-a:6379', 'redis-b:6379']],
    ['[::1]:7000', ['[::1]:7000']],
  ])('reads REDIS_CLUSTER_NODES=%j as %j', (raw, expected) => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: raw }).REDIS_CLUSTER_NODES).toEqual(expected);
  });

  it.each(['redis-a', 'redis-a:', ':7000', 'redis-a:0', 'redis-a:70000', 'redis://a:7000', 'a:7000,,b:7000'])(
    'refuses the cluster seed list %j',
    (raw) => {
      expect(() => loadConfig({ REDIS_CLUSTER_NODES: raw })).toThrow(/REDIS_CLUSTER_NODES=.*host:port seeds/);
    },
  );

  it.each([
    'redis://127.0.0.1:6379',
    'rediss://user:pw@redis.example:6380/1',
    'redis+sentinel://:pw@10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379/mymaster',
    'rediss+sentinel://app:pw@sentinel.example:26379/mymaster/0',
  ])('takes REDIS_URL=%s as it is', (url) => {
    expect(loadConfig({ REDIS_URL: url }).REDIS_URL).toBe(url);
  });

  it.each([
    ['http://x', /a redis:\/\/, rediss:\/\/ or redis\+sentinel:\/\//],
    ['redis+sentinel://10.0.0.1:26379', /master name is missing: .*; the form is redis\+sentinel:/],
    ['redis+sentinel://10.0.0.1:26379,10.0.0.2:x/m', /sentinel address #2 is not a host:port/],
    ['redis+sentinel://10.0.0.1:26379/m/zero', /the path is \/<masterName> or \/<masterName>\/<db>/],
  ])('refuses REDIS_URL=%s', (url, message) => {
    expect(() => loadConfig({ REDIS_URL: url })).toThrow(message);
  });

  it('refuses a Redis Cluster with a sentinel REDIS_URL', () => {
    expect(() =>
      loadConfig({ REDIS_URL: 'redis+sentinel://s:26379/m', REDIS_CLUSTER_NODES: 'a:7000' }),
    ).toThrow(/REDIS_CLUSTER_NODES="a:7000": a Redis Cluster has no sentinels/);
  });

  it('never echoes the password of a wrong REDIS_URL', () => {
    const wrong = () => loadConfig({ REDIS_URL: 'redis+sentinel://app:pa@ss@s:26379' });
    expect(wrong).toThrow(/REDIS_URL="redis\+sentinel:\/\/\(hidden\)@s:26379": the master name is missing/);
    expect(wrong).not.toThrow(/pa@ss|app/);
  });

  it('reports one clear line per wrong variable and hides secrets', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        API_PORT: 'eighty',
        REDIS_URL: 'http://x',
        ALLOW_PRIVATE_NETWORKS: 'flase',
        MEILI_INDEX: 'a b',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(4);
    expect(error?.message).toMatch(/API_PORT="eighty"/);
    expect(error?.message).toMatch(/REDIS_URL="http:\/\/x"/);
    expect(error?.message).toMatch(/ALLOW_PRIVATE_NETWORKS="flase"/);
  });

  it('never echoes a secret value', () => {
    expect(() => loadConfig({ MEILI_MASTER_KEY: 'x', API_PORT: '-1' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ ADMIN_TOKEN: 'sekrit', API_PORT: '-1' })).not.toThrow(/sekrit/);
  });
});
