import { describe, expect, it } from 'vitest';
import { isSentinelUrl, parseSentinelUrl, RedisUrlError } from './redis-url';

describe('parseSentinelUrl', () => {
  it('reads the sentinels, the master name, the database and the credentials', () => {
    expect(
      parseSentinelUrl('redis+sentinel://app:s%40cret@sentinel-a:26379,10.0.0.2:26380,[::1]:5000/mymaster/2'),
    ).toEqual({
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: '::1', port: 5000 },
      ],
      masterName: 'mymaster',
      db: 2,
      username: 'app',
      password: 's@cret',
      tls: false,
    });
  });

  it.each([
    ['redis+sentinel://s:26379/mymaster', { password: undefined, username: undefined, db: 0 }],
    ['redis+sentinel://:pw@s:26379/mymaster', { password: 'pw', username: undefined, db: 0 }],
    ['redis+sentinel://s:26379/mymaster/', { password: undefined, username: undefined, db: 0 }],
    ['REDIS+SENTINEL://s/my%20master/15', { password: undefined, username: undefined, db: 15 }],
  ])('reads %s', (url, expected) => {
    const target = parseSentinelUrl(url);
    expect(target.password).toBe(expected.password);
    expect(target.username).toBe(expected.username);
    expect(target.db).toBe(expected.db);
    expect(target.tls).toBe(false);
  });

  it('takes the default sentinel port when an address names none', () => {
    expect(parseSentinelUrl('redis+sentinel://a,b:1/m').sentinels).toEqual([
      { host: 'a', port: 26379 },
      { host: 'b', port: 1 },
    ]);
  });

  it('reads rediss+sentinel as TLS', () => {
    expect(parseSentinelUrl('rediss+sentinel://a:26379/m').tls).toBe(true);
  });

  it.each([
    ['redis://a:6379/m', /not a redis\+sentinel/],
    ['redis+sentinel:a:26379/m', /must be followed by \/\//],
    ['redis+sentinel://a:26379', /master name is missing/],
    ['redis+sentinel://a:26379/', /master name is missing/],
    ['redis+sentinel:///m', /sentinel address #1 is not a host:port/],
    ['redis+sentinel://a:26379,,b:26379/m', /sentinel address #2/],
    ['redis+sentinel://a:26379,b:x/m', /sentinel address #2/],
    ['redis+sentinel://a:0/m', /sentinel address #1/],
    ['redis+sentinel://a:70000/m', /sentinel address #1/],
    ['redis+sentinel://a b:26379/m', /sentinel address #1/],
    ['redis+sentinel://a:26379/m/x', /the path is/],
    ['redis+sentinel://a:26379/m/1/2', /the path is/],
    ['redis+sentinel://a:26379/m?db=1', /no \?query/],
    ['redis+sentinel://a:26379/m#x', /no \?query/],
    ['redis+sentinel://:50%@a:26379/m', /broken %-escape/],
    ['redis+sentinel://u?x:pw@a:26379/m', /raw \/, \?, # or %/],
  ])('refuses %s', (url, message) => {
    expect(() => parseSentinelUrl(url)).toThrow(RedisUrlError);
    expect(() => parseSentinelUrl(url)).toThrow(message);
  });

  it('never repeats the password in its error', () => {
    for (const url of ['redis+sentinel://:top/secret@a:26379/m', 'redis+sentinel://:top#secret@a:1/m']) {
      expect(() => parseSentinelUrl(url)).toThrow(RedisUrlError);
      expect(() => parseSentinelUrl(url)).not.toThrow(/secret/);
    }
  });

  it('reads a long hostile address list in linear time', () => {
    const hosts = Array.from({ length: 20_000 }, (_, i) => `h${i}:${(i % 60_000) + 1}`).join(',');
    expect(parseSentinelUrl(`redis+sentinel://${hosts}/m`).sentinels).toHaveLength(20_000);
    expect(() => parseSentinelUrl(`redis+sentinel://${'a:1,'.repeat(50_000)}/m`)).toThrow(/#50001/);
  });
});

describe('isSentinelUrl', () => {
  it.each([
    ['redis+sentinel://a/m', true],
    ['rediss+sentinel://a/m', true],
    ['Redis+Sentinel://a/m', true],
    ['redis://a:6379', false],
    ['rediss://a:6379', false],
    ['sentinel://a/m', false],
    ['', false],
  ])('%s: %s', (url, expected) => {
    expect(isSentinelUrl(url)).toBe(expected);
  });
});
