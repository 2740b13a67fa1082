/**
 * Everything a newsroom page shows around the story itself: navigation, share
 * bar, teasers, captions, newsletter prompt, footer. Every phrase here is
 * boilerplate, and BOILERPLATE is derived from this file, so a phrase added to
 * a page is automatically one that extraction must drop.
 */
export interface SiteChrome {
  nav: string[];
  breadcrumbHome: string;
  share: string[];
  relatedHeading: string;
  /** Headlines of teasers in the related list and the most-viewed box. */
  teasers: string[];
  mostViewedHeading: string;
  /** Heading, pitch and button label of the newsletter prompt. */
  newsletter: [heading: string, pitch: string, button: string];
  /** Lead-photo captions; the credit is rendered right after the caption. */
  captions: string[];
  photoCredit: string;
  advertisement: string;
  footerLinks: string[];
  /** Parts of the copyright line, rendered joined by a space. */
  copyright: string[];
  /** A token that only occurs inside the page's inline script. */
  scriptMarker: string;
}

export const DAILY_PLANET_CHROME: SiteChrome = {
  nav: ['Metro Politics', 'Markets Today', 'Weekend Arts', 'Opinion Columns', 'Sports Desk', 'Climate Desk'],
  breadcrumbHome: 'Front Page',
  share: ['Share on Facebook', 'Share on X', 'Copy link'],
  relatedHeading: 'Related articles',
  teasers: [
    'Five takeaways from the mayoral debate',
    'Why the ferry timetable keeps slipping',
    'Inside the race to restore the Old Mill theatre',
    'Readers share their favourite neighbourhood bakeries',
    'What the new parking rules mean for your street',
    'Photos: a frosty sunrise over the harbour',
    'The quiet comeback of the corner bookshop',
    'Ask the expert: is your boiler ready for winter?',
  ],
  mostViewedHeading: 'Most viewed',
  newsletter: [
    'Sign up for The Morning Planet newsletter',
    'Get the day’s top stories in your inbox every weekday morning.',
    'Subscribe free',
  ],
  captions: [
    'Commuters crowd the platform at Harbor Street station during the evening rush.',
    'Volunteers sort donations at the Eastbrook community pantry.',
    'A cyclist passes the newly painted mural on Foundry Lane.',
    'Council members listen to residents during a packed public hearing.',
    'Cranes stand over the half-finished riverside apartment towers.',
    'Morning fog settles over the marina before the first ferry departs.',
  ],
  photoCredit: 'Photo: Marcus Lee/Daily Planet',
  advertisement: 'Advertisement',
  footerLinks: ['Privacy Policy', 'Terms of Service', 'Contact the newsroom'],
  copyright: ['© 2026 Daily Planet. All rights reserved.'],
  scriptMarker: 'dpAnalytics',
};

export const METRO_WIRE_CHROME: SiteChrome = {
  nav: ['City Hall Beat', 'Transit Watch', 'Money and Work', 'Food and Drink', 'Letters to the Editor'],
  breadcrumbHome: 'Metro Wire Home',
  share: ['Share this story', 'Email this story', 'Print this page'],
  relatedHeading: 'More from Metro Wire',
  teasers: [
    'Night market returns to the old rail yard',
    'Landlords and tenants clash over heating rules',
    'A guide to the best free concerts this month',
    'How one school cut its energy bill in half',
    'Meet the volunteers who count the city birds',
    'Opinion: the bike lane debate is about more than bikes',
    'Where to watch the lantern parade this weekend',
    'The surprising history of the clock tower',
  ],
  mostViewedHeading: 'Most read',
  newsletter: [
    'Get Metro Wire Daily in your inbox',
    'Subscribe now and never miss a local story.',
    'Count me in',
  ],
  captions: [
    'Passengers board a late-night tram at Union Square.',
    'Market stalls line the street ahead of the weekend festival.',
    'Workers repair a water main under Garden Avenue.',
    'Students rehearse in the renovated Lincoln Hall auditorium.',
    'Snow ploughs wait at the depot as forecasters warn of a storm.',
    'Residents gather outside the shuttered Riverside clinic.',
  ],
  photoCredit: 'Photograph by Dana Ortiz for Metro Wire',
  advertisement: 'Sponsored content',
  footerLinks: ['About Metro Wire', 'Advertise with us', 'Cookie settings'],
  copyright: ['Copyright © 2026 Metro Wire Media. All rights reserved.'],
  scriptMarker: 'mwTracker',
};

export const HANKYUNG_ILBO_CHROME: SiteChrome = {
  nav: ['전체기사', '정치일반', '경제일반', '사회일반', '문화생활', '오피니언', '포토뉴스'],
  breadcrumbHome: '한경일보 홈',
  share: ['페이스북 공유', '카카오톡 공유', 'URL 복사'],
  relatedHeading: '관련기사',
  teasers: [
    '겨울철 난방비 아끼는 생활 속 요령',
    '주말 나들이객 몰린 강변 둘레길 가보니',
    '동네 빵집 지도 다시 그리는 청년 제빵사들',
    '전통시장 상인들 "온누리상품권 효과 톡톡"',
    '새 학기 앞둔 학부모들 걱정은 급식비',
    '사진으로 보는 한 주의 표정',
    '지하철 막차 연장 운행 첫날 풍경',
    '단독 주택가 주차난 해법은 없나',
  ],
  mostViewedHeading: '많이 본 뉴스',
  newsletter: ['한경일보 뉴스레터를 구독하세요', '매일 아침 주요 뉴스를 이메일로 보내드립니다.', '구독 신청'],
  captions: [
    '서울 중구 시청 앞 광장에서 시민들이 산책을 하고 있다.',
    '출근길 시민들이 지하철역 승강장에서 열차를 기다리고 있다.',
    '전통시장을 찾은 시민들이 제수용품을 고르고 있다.',
    '한 공사 현장에서 작업자들이 안전모를 쓰고 자재를 옮기고 있다.',
    '눈이 내린 고궁 앞을 관광객들이 지나고 있다.',
  ],
  photoCredit: '사진=연합뉴스',
  advertisement: '광고',
  footerLinks: ['회사소개', '개인정보처리방침', '청소년보호정책', '이메일무단수집거부'],
  copyright: ['Copyright ⓒ 한경일보.', '무단전재 및 재배포 금지'],
  scriptMarker: 'hkAnalytics',
};

function phrasesOf(...chromes: SiteChrome[]): string[] {
  const phrases = chromes.flatMap((chrome) => [
    ...chrome.nav,
    chrome.breadcrumbHome,
    ...chrome.share,
    chrome.relatedHeading,
    ...chrome.teasers,
    chrome.mostViewedHeading,
    ...chrome.newsletter,
    ...chrome.captions,
    chrome.photoCredit,
    chrome.advertisement,
    ...chrome.footerLinks,
    ...chrome.copyright,
    chrome.scriptMarker,
  ]);
  return [...new Set(phrases)];
}

/**
 * Exact phrases that appear on newsroom pages but must never appear in the
 * text extracted from them: navigation labels, share buttons, related-article
 * and most-viewed teaser headlines, newsletter prompts, photo captions and
 * credits, advertising labels, footer links, copyright lines and an
 * inline-script token.
 */
export const BOILERPLATE: { en: string[]; ko: string[] } = {
  en: phrasesOf(DAILY_PLANET_CHROME, METRO_WIRE_CHROME),
  ko: phrasesOf(HANKYUNG_ILBO_CHROME),
};
