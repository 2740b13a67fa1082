import { describe, expect, it } from 'vitest';
import { type SiteZoneHints, siteZone } from './site-zone';

describe('siteZone', () => {
  it.each<[string, SiteZoneHints, string | undefined]>([
    ['the offset the other dates state', { dates: ['2026-11-27T10:00:00+09:00'] }, '+09:00'],
    [
      'the offset stated most often',
      {
        dates: [
          '2026-11-27T10:00:00+01:00',
          'Fri, 27 Nov 2026 10:00:00 +0900',
          '2026.11.27 10:00 KST',
          'junk',
        ],
      },
      '+09:00',
    ],
    [
      'a stated offset before the language',
      { dates: ['2026-11-27T10:00:00-05:00'], languages: ['ko'] },
      '-05:00',
    ],
    [
      'UTC stated by a CMS is no evidence: the language decides',
      {
        dates: ['2026-11-27T06:30:00Z', 'Fri, 27 Nov 2026 06:30:00 GMT', '2026-11-27T06:30:00+00:00'],
        languages: ['ko'],
      },
      'Asia/Seoul',
    ],
    ['zoneless dates are no evidence', { dates: ['2026-11-27 15:30'], languages: ['ja'] }, 'Asia/Tokyo'],
    ['ko', { languages: ['ko'] }, 'Asia/Seoul'],
    ['ko-KR', { languages: ['ko-KR'] }, 'Asia/Seoul'],
    ['og:locale ko_KR', { languages: ['ko_KR'] }, 'Asia/Seoul'],
    ['ja', { languages: ['ja'] }, 'Asia/Tokyo'],
    ['ja-JP', { languages: ['ja-JP'] }, 'Asia/Tokyo'],
    ['zh-CN', { languages: ['zh-CN'] }, 'Asia/Shanghai'],
    ['zh-Hans', { languages: ['zh-Hans'] }, 'Asia/Shanghai'],
    ['zh-Hans-CN', { languages: ['zh-Hans-CN'] }, 'Asia/Shanghai'],
    ['zh-TW', { languages: ['zh-TW'] }, 'Asia/Taipei'],
    ['zh-Hant-TW', { languages: ['zh-Hant-TW'] }, 'Asia/Taipei'],
    ['zh-HK', { languages: ['zh-HK'] }, 'Asia/Hong_Kong'],
    ['en-GB', { languages: ['en-GB'] }, 'Europe/London'],
    ['en_GB', { languages: ['en_GB'] }, 'Europe/London'],
    ['de-DE', { languages: ['de-DE'] }, 'Europe/Berlin'],
    ['fr-FR', { languages: ['fr-FR'] }, 'Europe/Paris'],
    ['en spans zones', { languages: ['en'] }, undefined],
    ['en-US spans zones', { languages: ['en-US'] }, undefined],
    ['ru spans zones', { languages: ['ru'] }, undefined],
    ['pt-BR spans zones', { languages: ['pt-BR'] }, undefined],
    ['es-ES spans zones (the Canaries)', { languages: ['es-ES'] }, undefined],
    ['zh alone: mainland or Taiwan', { languages: ['zh'] }, undefined],
    ['zh-Hant alone: Taiwan or Hong Kong', { languages: ['zh-Hant'] }, undefined],
    ['the first language that pins a zone', { languages: ['en', 'ko_KR'] }, 'Asia/Seoul'],
    ['case does not matter', { languages: ['KO-kr'] }, 'Asia/Seoul'],
    ['a Hangul title when no language pins a zone', { languages: ['en'], text: ['서울 첫눈'] }, 'Asia/Seoul'],
    ['a kana title', { text: ['東京で初雪'] }, 'Asia/Tokyo'],
    ['Han characters alone name no zone', { text: ['北京初雪'] }, undefined],
    ['a declared language before the script', { languages: ['en-GB'], text: ['서울 첫눈'] }, 'Europe/London'],
    ['a stated offset before the script', { dates: ['2026-11-27T10:00:00-05:00'], text: ['서울'] }, '-05:00'],
    ['Latin titles name no zone', { text: ['Snow in Seoul'] }, undefined],
    ['junk', { languages: ['x'.repeat(100), '', '  '] }, undefined],
    ['nothing', {}, undefined],
  ])('%s', (_name, hints, expected) => {
    expect(siteZone(hints)).toBe(expected);
  });

  it('looks at a bounded number of dates', () => {
    const dates = [
      ...Array(500).fill('2026-11-27T10:00:00+01:00'),
      ...Array(300).fill('2026-11-27T10:00:00+09:00'),
    ];
    expect(siteZone({ dates })).toBe('+01:00');
    const late = [...Array(200).fill('junk'), '2026-11-27T10:00:00+09:00'];
    expect(siteZone({ dates: late })).toBeUndefined();
  });
});
