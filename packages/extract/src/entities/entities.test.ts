import { describe, expect, it } from 'vitest';
import { cleanName } from './clean';
import { englishName } from './english';
import { extractEntities } from './index';
import { isName } from './korean';
import { classifyWord } from './korean-patterns';

describe('cleanName', () => {
  it.each([
    ["Biden's", 'Biden'],
    ['"White House."', 'White House'],
    ['U.S.', 'U.S.'],
    ['March', ''],
    ['42', ''],
    ['A', ''],
    ['They', ''],
  ])('%s → %s', (raw, want) => expect(cleanName(raw)).toBe(want));
});

describe('englishName', () => {
  it.each([
    ['people', 'President Joe Biden', 'Joe Biden'],
    ['people', "Mr. Biden's", 'Biden'],
    ['people', 'Dr. Anthony Fauci,', 'Anthony Fauci'],
    ['people', 'drew', undefined],
    ['organizations', 'Microsoft Corp.', 'Microsoft'],
    ['organizations', 'the World Health Organization,', 'World Health Organization'],
  ] as const)('%s %s → %s', (kind, raw, want) => expect(englishName(kind, raw)).toBe(want));
});

describe('extractEntities, English', () => {
  it('keeps one spelling per person and expands an acronym', () => {
    const text =
      'President Joe Biden met the World Health Organization chief on Monday. Mr. Biden said the WHO had done well. Biden later flew to Ohio.';
    const got = extractEntities(text, { language: 'en' });
    expect(got.people).toEqual(['Joe Biden']);
    expect(got.organizations).toEqual(['World Health Organization']);
    expect(got.places).toEqual(['Ohio']);
  });

  it('reads a sentence-case headline but not a title-case one', () => {
    const text = 'The talks ended without a deal, officials said.';
    expect(
      extractEntities(text, { language: 'en', title: 'Talks in Geneva end without a deal' }).places,
    ).toEqual(['Geneva']);
    expect(extractEntities(text, { language: 'en', title: 'Talks End Without A Deal' }).places).toEqual([]);
  });
});

describe('extractEntities, Korean', () => {
  it('finds names by title, resolves a lone surname, strips particles and maps aliases', () => {
    const text =
      '윤상철 통일부 장관은 15일 서울시에서 기자들과 만났다. 윤 장관은 기재부와 협의했다고 말했다. 김모(45)씨는 수원시에서 왔다.';
    const got = extractEntities(text, { language: 'ko' });
    expect(got.people).toEqual(['윤상철']);
    expect(got.places).toEqual(['서울', '수원']);
    expect(got.organizations).toEqual(['통일부', '기획재정부']);
  });

  it.each([
    ['이재용 삼성전자 회장', ['이재용'], ['삼성전자']],
    ['문재인 전 대통령이 말했다', ['문재인'], []],
    ['박형수 부산시장은', ['박형수'], []],
    ['부동산 시장이 얼어붙었다', [], []],
    ['공사는 출국장 인력을 늘렸다', [], []],
  ])('%s', (text, people, organizations) => {
    const got = extractEntities(text, { language: 'ko' });
    expect(got.people).toEqual(people);
    expect(got.organizations).toEqual(organizations);
  });

  it.each([
    ['한국은행이', '한국은행'],
    ['공정거래위원회는', '공정거래위원회'],
    ['LG화학의', 'LG화학'],
    ['해운대구에서', '해운대구'],
    ['당시', undefined],
    ['건설공사', undefined],
    ['일부', undefined],
    ['러시아군', undefined],
  ])('classifies %s as %s', (word, name) => expect(classifyWord(word)?.name).toBe(name));

  it.each([
    ['김철수', '대표', true],
    ['남궁민수', '교수', true],
    ['김구', '기자', true],
    ['김구', '대표', false],
    ['정부', '장관', false],
    ['트럼프', '대통령', false],
  ])('%s before %s is a name: %s', (word, title, want) => expect(isName(word, title)).toBe(want));
});

describe('extractEntities, other languages', () => {
  it('returns empty lists rather than guesses', () => {
    expect(extractEntities('Emmanuel Macron a rencontré Olaf Scholz à Paris.', { language: 'fr' })).toEqual({
      people: [],
      places: [],
      organizations: [],
    });
  });
});
