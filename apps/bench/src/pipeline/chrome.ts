/**
 * The bulk of a news page that is not the story: style sheets, consent and
 * analytics scripts, menus, teaser pools, captions and comments. Real article
 * pages are mostly this (a 900-word story is 6 KB of a 100 KB page), and it
 * is what the parser has to wade through, so it is generated at realistic
 * sizes rather than left out. All of it is drawn per site, once.
 */
import { asciiJson, attr, esc } from './markup';
import type { Language } from './prose';
import type { Random } from './random';

const BLOCKS = [
  'header',
  'nav',
  'menu',
  'article',
  'story',
  'card',
  'teaser',
  'footer',
  'ad',
  'newsletter',
  'share',
  'byline',
  'figure',
  'related',
  'most-read',
  'ticker',
  'search',
  'btn',
  'grid',
  'rail',
  'promo',
  'topic',
  'author',
  'comments',
];
const ELEMENTS = [
  'item',
  'link',
  'title',
  'label',
  'icon',
  'media',
  'body',
  'meta',
  'list',
  'inner',
  'wrap',
  'caption',
];
const MODIFIERS = [
  'active',
  'large',
  'small',
  'dark',
  'featured',
  'compact',
  'sticky',
  'hidden',
  'open',
  'live',
];
const DECLARATIONS = [
  'display:flex',
  'display:block',
  'display:none',
  'display:grid',
  'grid-template-columns:repeat(12,1fr)',
  'margin:0 auto',
  'margin:0',
  'padding:12px 16px',
  'padding:0 8px',
  'font-family:Georgia,"Times New Roman",serif',
  'font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif',
  'font-size:14px',
  'font-size:1.125rem',
  'line-height:1.6',
  'font-weight:700',
  'color:#121212',
  'color:#5a5a5a',
  'color:#c00',
  'background:#fff',
  'background:#f4f4f1',
  'border-bottom:1px solid #e2e2e2',
  'border-radius:4px',
  'position:relative',
  'position:sticky',
  'top:0',
  'z-index:10',
  'width:100%',
  'max-width:1280px',
  'overflow:hidden',
  'text-decoration:none',
  'text-transform:uppercase',
  'letter-spacing:.04em',
  'transition:opacity .2s ease-in-out',
  'align-items:center',
  'justify-content:space-between',
  'gap:24px',
  'aspect-ratio:16/9',
  'object-fit:cover',
  'white-space:nowrap',
  'text-overflow:ellipsis',
  'box-shadow:0 1px 3px rgba(0,0,0,.12)',
  'cursor:pointer',
];

/** A minified style sheet of about `bytes` bytes: BEM selectors, a few media queries. */
export function styleSheet(random: Random, prefix: string, bytes: number): string {
  const rules: string[] = [];
  let size = 0;
  while (size < bytes) {
    const selector = `.${prefix}-${random.pick(BLOCKS)}__${random.pick(ELEMENTS)}${random.chance(0.4) ? `--${random.pick(MODIFIERS)}` : ''}`;
    const count = random.int(2, 6);
    const body: string[] = [];
    for (let i = 0; i < count; i++) body.push(random.pick(DECLARATIONS));
    let rule = `${selector}{${body.join(';')}}`;
    if (random.chance(0.08)) rule = `@media (min-width:${random.pick([600, 768, 1024, 1280])}px){${rule}}`;
    rules.push(rule);
    size += rule.length;
  }
  return rules.join('');
}

const VENDOR_WORDS = [
  'Media',
  'Ads',
  'Analytics',
  'Data',
  'Metrics',
  'Exchange',
  'Audience',
  'Insights',
  'Reach',
];
const VENDOR_NAMES = [
  'Beacon',
  'Cobalt',
  'Granite',
  'Horizon',
  'Larkspur',
  'Vantage',
  'Nimbus',
  'Quartz',
  'Orbit',
  'Pixel',
  'Signal',
  'Vertex',
  'Lumen',
  'Apex',
  'Zenith',
  'Halcyon',
  'Kestrel',
  'Mosaic',
  'Prism',
  'Tandem',
];

/** A consent manager's vendor list, as an IAB TCF stub ships it inline: a few dozen vendors with purposes. */
export function consentScript(random: Random, siteId: string): string {
  const vendors = [];
  const count = random.int(40, 90);
  for (let id = 1; vendors.length < count; id += random.int(1, 9)) {
    const name = `${random.pick(VENDOR_NAMES)} ${random.pick(VENDOR_WORDS)}`;
    vendors.push({
      id,
      name,
      purposes: [1, 2, 3, 4, 7, 9, 10].filter(() => random.chance(0.5)),
      legIntPurposes: [2, 7, 8].filter(() => random.chance(0.3)),
      specialFeatures: random.chance(0.2) ? [1] : [],
      cookieMaxAgeSeconds: random.pick([86400, 2592000, 31536000]),
      policyUrl: `https://www.${name.toLowerCase().replace(/\s+/g, '')}.example/privacy`,
    });
  }
  return `<script>window.__cmpConfig=${asciiJson({ siteId, gdprApplies: true, tcfPolicyVersion: 4, vendors })};(function(){var q=[];window.__tcfapi=function(){q.push(arguments)};window.__tcfapi.q=q})();</script>`;
}

/** A tag-manager snippet and an analytics queue, near-identical on every site as they are in life. */
export function analyticsScript(siteId: string, marker: string): string {
  return `<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://tags.example/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-${siteId}');
window.${marker}=window.${marker}||{q:[],track:function(e,p){this.q.push([e,p,Date.now()])},flush:function(){var b=JSON.stringify(this.q);this.q=[];if(navigator.sendBeacon){navigator.sendBeacon('/collect',b)}}};
document.addEventListener('visibilitychange',function(){if(document.visibilityState==='hidden'){window.${marker}.flush()}});
window.addEventListener('scroll',function(){var h=document.documentElement,p=Math.round(100*h.scrollTop/(h.scrollHeight-h.clientHeight));[25,50,75,100].forEach(function(t){if(p>=t&&!window['__sd'+t]){window['__sd'+t]=1;window.${marker}.track('scroll_depth',{percent:t})}})},{passive:true});</script>`;
}

/** Header-bidding and ad-server set-up: ad units with sizes and bidders, per slot. */
export function adScript(random: Random, siteId: string, slots: number): string {
  const bidders = [
    'appnexus',
    'rubicon',
    'ix',
    'openx',
    'pubmatic',
    'criteo',
    'triplelift',
    'sovrn',
    'teads',
  ];
  const adUnits = Array.from({ length: slots }, (_, i) => ({
    code: `div-gpt-ad-${siteId}-${i}`,
    mediaTypes: {
      banner: {
        sizes: random.pick([
          [
            [728, 90],
            [970, 250],
          ],
          [
            [300, 250],
            [300, 600],
          ],
          [[320, 50]],
        ]),
      },
    },
    bids: bidders
      .filter(() => random.chance(0.6))
      .map((bidder) => ({
        bidder,
        params: { placementId: random.int(10_000_000, 99_999_999), siteId: random.int(100_000, 999_999) },
      })),
  }));
  const defines = adUnits
    .map(
      (unit, i) =>
        `googletag.defineSlot('/${random.int(1000, 9999)}/${siteId}/article/slot${i}',${JSON.stringify(unit.mediaTypes.banner.sizes)},'${unit.code}').addService(googletag.pubads());`,
    )
    .join('');
  return `<script>var pbjs=pbjs||{};pbjs.que=pbjs.que||[];var adUnits=${asciiJson(adUnits)};pbjs.que.push(function(){pbjs.setConfig({priceGranularity:'dense',userSync:{iframeEnabled:true,syncDelay:3000},consentManagement:{gdpr:{cmpApi:'iab',timeout:8000}}});pbjs.addAdUnits(adUnits);pbjs.requestBids({bidsBackHandler:function(){googletag.cmd.push(function(){pbjs.setTargetingForGPTAsync();googletag.pubads().refresh()})}})});
var googletag=googletag||{};googletag.cmd=googletag.cmd||[];googletag.cmd.push(function(){${defines}googletag.pubads().enableSingleRequest();googletag.pubads().disableInitialLoad();googletag.enableServices()});</script>`;
}

/** Menu sections and their sub-sections, for navigation bars and mega menus. */
export const MENU: Record<Language, Array<[string, string[]]>> = {
  en: [
    [
      'News',
      [
        'Local',
        'National',
        'World',
        'Europe',
        'Asia',
        'Africa',
        'Americas',
        'Middle East',
        'Investigations',
        'Obituaries',
        'Corrections',
      ],
    ],
    ['Politics', ['Parliament', 'Elections', 'City Hall', 'Policy', 'Polls', 'Analysis', 'Fact Check']],
    [
      'Business',
      [
        'Markets',
        'Economy',
        'Companies',
        'Energy',
        'Property',
        'Personal Finance',
        'Careers',
        'Small Business',
        'Technology',
        'Media',
      ],
    ],
    ['Climate', ['Environment', 'Weather', 'Energy Transition', 'Wildlife', 'Oceans', 'Pollution']],
    ['Science', ['Health', 'Space', 'Medicine', 'Research', 'Psychology', 'Archaeology']],
    [
      'Sport',
      [
        'Football',
        'Cricket',
        'Rugby',
        'Tennis',
        'Cycling',
        'Athletics',
        'Golf',
        'Motor Racing',
        'Results',
        'Fixtures',
      ],
    ],
    ['Culture', ['Books', 'Film', 'Music', 'Theatre', 'Art', 'Television', 'Podcasts', 'Games', 'Classical']],
    [
      'Lifestyle',
      [
        'Food',
        'Travel',
        'Wellbeing',
        'Family',
        'Fashion',
        'Home and Garden',
        'Cars',
        'Puzzles',
        'Crosswords',
      ],
    ],
    ['Opinion', ['Editorials', 'Columnists', 'Letters', 'Cartoons', 'Guest Essays']],
    ['Video', ['Latest Video', 'Documentaries', 'Live', 'Explainers']],
  ],
  ko: [
    ['정치', ['대통령실', '국회·정당', '외교', '국방', '북한', '선거', '행정']],
    ['경제', ['금융', '증권', '부동산', '산업', '유통', '중소기업', '취업', '자동차', '에너지']],
    ['사회', ['사건사고', '법원·검찰', '교육', '노동', '환경', '복지', '의료', '인권', '날씨']],
    ['전국', ['수도권', '강원', '충청', '호남', '영남', '제주']],
    ['국제', ['미국', '중국', '일본', '유럽', '아시아', '중동', '국제경제']],
    ['IT·과학', ['모바일', '인터넷', '반도체', '과학', '게임', '인공지능']],
    ['문화', ['책', '공연', '전시', '여행', '음식', '건강', '종교', '학술']],
    ['스포츠', ['야구', '축구', '골프', '농구', '배구', 'e스포츠']],
    ['연예', ['방송', '영화', '가요', '해외연예']],
    ['오피니언', ['사설', '칼럼', '기고', '만평', '독자투고']],
  ],
};

export const CAPTIONS: Record<Language, string[]> = {
  en: [
    'Commuters wait on the platform during the evening rush hour.',
    'Workers inspect equipment at the site on Tuesday morning.',
    'Demonstrators gather outside the parliament building.',
    'A view of the harbour from the old town at dusk.',
    'Shoppers walk past a row of closed storefronts.',
    'Delegates arrive for the opening session of the talks.',
    'Cranes stand over a half-finished housing development.',
    'Volunteers hand out food at a community centre.',
    'Police officers stand guard outside the courthouse.',
    'A technician checks a row of servers at a data centre.',
  ],
  ko: [
    '시민들이 출근길 지하철역 승강장에서 열차를 기다리고 있다.',
    '공사 현장에서 작업자들이 안전모를 쓰고 자재를 옮기고 있다.',
    '전통시장을 찾은 시민들이 물건을 고르고 있다.',
    '관계자들이 회의 시작에 앞서 자리에 앉아 있다.',
    '비가 그친 뒤 시민들이 우산을 쓰고 횡단보도를 건너고 있다.',
    '항구에 컨테이너가 가득 쌓여 있다.',
    '의료진이 병원 응급실 앞에서 환자를 옮기고 있다.',
    '주민들이 침수된 도로를 걸어서 지나고 있다.',
  ],
};

export const PHOTO_CREDITS: Record<Language, string[]> = {
  en: [
    'Photo: Marcus Lee/Reuters',
    'AP Photo/Dana Ortiz',
    'Photograph: Getty Images',
    'Photo: Lena Park/AFP',
  ],
  ko: ['사진=연합뉴스', '사진=뉴스1', '사진=뉴시스', '사진=독자 제공'],
};

const COMMENT_LINES = [
  'This has been coming for years and nobody in charge wanted to deal with it.',
  'Great reporting, thank you for explaining the numbers so clearly.',
  'I live nearby and the traffic is already impossible. Who signed off on this?',
  'Interesting that the article does not mention what happened last time.',
  'Finally some good news. Let us see if they actually deliver.',
  'The comments here are depressing. Try reading past the headline, people.',
  'My family has been affected by this directly and it is not as simple as it sounds.',
  'Where is the money going to come from? That is the real question.',
  'Same promises every election cycle.',
  'Would love a follow-up piece in six months to see how it turned out.',
  'I disagree with the expert quoted here, the data says otherwise.',
  'Can someone explain how this affects renters?',
];
const COMMENTERS = [
  'harbourwatcher',
  'jkl_1987',
  'Moira T',
  'localdad',
  'EconNerd',
  'Sam from Eastside',
  'quietreader',
  'P. Novak',
  'tram_fan',
  'not_convinced',
];

/** A comment thread of `count` comments (a magazine template's below-the-story section). */
export function comments(random: Random, count: number): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const text =
      `${random.pick(COMMENT_LINES)} ${random.chance(0.5) ? random.pick(COMMENT_LINES) : ''}`.trim();
    items.push(
      `<li class="comment" id="comment-${random.int(100000, 999999)}"><div class="comment__meta"><span class="comment__author">${esc(random.pick(COMMENTERS))}</span> <time class="comment__time">${random.int(1, 59)} minutes ago</time></div><div class="comment__body"><p>${esc(text)}</p></div><div class="comment__actions"><button type="button" class="comment__like">Like (${random.int(0, 240)})</button> <button type="button" class="comment__reply">Reply</button> <button type="button" class="comment__report">Report</button></div></li>`,
    );
  }
  return items.join('');
}

/** The phrases comments use, so the check can make sure no comment reaches the extracted text. */
export const COMMENT_PHRASES = COMMENT_LINES;

/** A link list, `<ul>` of anchors, with an optional class per item. */
export function linkList(links: Array<[href: string, label: string]>, itemClass = ''): string {
  const cls = itemClass ? ` class="${itemClass}"` : '';
  return `<ul>${links.map(([href, label]) => `<li${cls}><a href="${attr(href)}">${esc(label)}</a></li>`).join('')}</ul>`;
}
