/**
 * The bulk of a news page that is not the story: style sheets, consent and
 * analytics scripts, menus, teaser pools, captions and comments. Real article
 * pages are mostly this (a 900-word story is 6 KB of a 100 KB page), and it
 * is what the parser has to wade through, so it is generated at realistic
 * sizes rather than left out. All of it is drawn per site, once.
 */
import { asciiJson, attr, esc } from './markup';
import { bookOf, ENGLISH, FURNITURE, type Language } from './prose';
import type { Random } from './random';

const {
  blocks: BLOCKS,
  elements: ELEMENTS,
  modifiers: MODIFIERS,
  declarations: DECLARATIONS,
} = FURNITURE.css;
const { words: VENDOR_WORDS, names: VENDOR_NAMES } = FURNITURE.vendors;

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

/** Menu sections and their sub-sections of a language, for navigation bars and mega menus. */
export const MENU = (language: Language) => bookOf(language).publishers.menu;

export const CAPTIONS = (language: Language) => bookOf(language).publishers.captions;

export const PHOTO_CREDITS = (language: Language) => bookOf(language).publishers.photoCredits;

const COMMENT_LINES = ENGLISH.publishers.comments ?? [];
const COMMENTERS = ENGLISH.publishers.commenters ?? [];

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
