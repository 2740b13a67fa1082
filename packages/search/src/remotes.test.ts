import { describe, expect, it } from 'vitest';
import { Archive } from './partitions';
import { Network, networkFromConfig, parsePlacement, parseRemotes, RemoteConfigError } from './remotes';

const remotes = parseRemotes('ms0=http://meili0:7700/, ms1=http://meili1:7700,ms2=https://meili2.example');

describe('MEILI_REMOTES and MEILI_PLACEMENT', () => {
  it('parses remotes in order, without trailing slashes', () => {
    expect(remotes).toEqual([
      { name: 'ms0', url: 'http://meili0:7700' },
      { name: 'ms1', url: 'http://meili1:7700' },
      { name: 'ms2', url: 'https://meili2.example' },
    ]);
  });

  it.each([
    ['no equals sign', 'ms0'],
    ['a name with a dot', 'ms.0=http://a:7700'],
    ['an upper-case name', 'MS0=http://a:7700'],
    ['not a URL', 'ms0=meili0:7700'],
    ['another scheme', 'ms0=ftp://a'],
    ['a name twice', 'ms0=http://a:7700,ms0=http://b:7700'],
  ])('refuses remotes with %s', (_name, spec) => {
    expect(() => parseRemotes(spec)).toThrow(RemoteConfigError);
  });

  it.each([
    ['a month out of range', '2026-13=ms1'],
    ['a day, not a month', '2026-11-01=ms1'],
    ['an unknown remote', '2026-11=ms9'],
  ])('refuses a placement with %s', (_name, spec) => {
    expect(() => parsePlacement(spec, remotes)).toThrow(RemoteConfigError);
  });

  it('needs MEILI_REMOTES for MEILI_PLACEMENT, and is no network without either', () => {
    expect(networkFromConfig(undefined, undefined)).toBeUndefined();
    expect(() => networkFromConfig(undefined, '2026-11=ms1')).toThrow(RemoteConfigError);
  });
});

describe('which instance owns a partition', () => {
  // Rules given out of order: they are sorted by month.
  const network = new Network(remotes, parsePlacement('2027-01=ms2,2026-07=ms1', remotes));
  const archive = new Archive(network.client('ms0'), 'articles', 'month', Date.now, network);

  it.each([
    ['a month before every rule: the first remote', 'articles-2026-06', 'ms0'],
    ['the first month of a rule', 'articles-2026-07', 'ms1'],
    ['a month inside a range', 'articles-2026-12', 'ms1'],
    ['the last range, open-ended', 'articles-2031-03', 'ms2'],
    ['the base index: the first remote', 'articles', 'ms0'],
  ])('%s', (_name, uid, owner) => {
    expect(archive.ownerOf(uid)).toBe(owner);
    expect(archive.queryFor(uid)).toEqual({ indexUid: uid, federationOptions: { remote: owner, weight: 1 } });
  });

  it('moves no existing partition when an instance is added from a later month', () => {
    const more = parseRemotes('ms0=http://a:7700,ms1=http://b:7700,ms2=http://c:7700,ms3=http://d:7700');
    const grown = new Network(more, parsePlacement('2026-07=ms1,2027-01=ms2,2032-01=ms3', more));
    for (const month of ['2026-06', '2026-07', '2026-12', '2031-03'])
      expect(grown.ownerOf(month)).toBe(network.ownerOf(month));
  });

  it('is no remote at all without a network', () => {
    const single = new Archive(network.client('ms0'), 'articles', 'month');
    expect(single.ownerOf('articles-2026-12')).toBeUndefined();
    expect(single.queryFor('articles-2026-12')).toEqual({ indexUid: 'articles-2026-12' });
  });
});
