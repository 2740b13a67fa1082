import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument } from '@tidings/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebStack, type WebStack } from './test-stack';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'web-read-token';
const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Screenshots for people to look at (gitignored). */
const SHOTS = join(root, 'test-results');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// CI installs Chromium from Debian (see .ci/run); a machine without it skips, CI never does.
const browserThere = existsSync(CHROMIUM);
if (!browserThere && process.env.CI) throw new Error(`CI needs ${CHROMIUM} (apt-get install chromium)`);

const HARBOUR =
  'Dock workers at the Harbour City port walked off the job on Tuesday, and the container cranes stood still ' +
  'for the first time in a decade.\n\nThe Port Authority said talks with the union would resume on Thursday. ' +
  'Ada Park, who leads the dockworkers, said the strike would go on until the new shift rules were withdrawn.' +
  '\n\nShips waiting to unload were anchored outside the breakwater, and trucks queued along the coast road.';
const CHIPS =
  '반도체 수출이 지난달 역대 최대를 기록했다고 정부가 밝혔다.\n\n메모리 반도체 판매가 크게 늘었다. ' +
  '이서연 장관은 서울에서 열린 회의에서 올해도 수출 증가세가 이어질 것이라고 전했다.\n\n' +
  '업계 관계자는 인공지능 서버 수요가 반도체 가격을 끌어올렸다고 말했다.';

/** Three copies of one English story, two of a Korean one, and three stories alone, over five days. */
function newsroom(imageUrl: string): ArticleDocument[] {
  const harbour = { people: ['Ada Park'], places: ['Harbour City'], organizations: ['Port Authority'] };
  const chips = { language: 'ko', people: ['이서연'], places: ['서울'], organizations: ['삼성전자'] };
  return [
    articleDocument({
      url: 'https://news-a.example/2026/01/harbour-cranes',
      title: 'Harbour cranes stop as dock workers strike',
      subtitle: 'The port’s cranes stood still for the first time in a decade',
      byline: 'By Lars Berg',
      publishedAt: '2026-01-12T08:00:00.000Z',
      updatedAt: '2026-01-12T10:15:00.000Z',
      leadImage: imageUrl,
      captions: ['Idle cranes at the Harbour City container terminal. Photo: Lars Berg'],
      text: HARBOUR,
      ...harbour,
    }),
    articleDocument({
      url: 'https://wire-b.example/dock-strike',
      title: 'Dock strike halts Harbour City cranes',
      publishedAt: '2026-01-12T09:30:00.000Z',
      text: `${HARBOUR}\n\nReporting by the Metro Wire desk.`,
      ...harbour,
    }),
    articleDocument({
      url: 'https://post-c.example/news/cranes-idle',
      title: 'Harbour City cranes idle as strike begins',
      publishedAt: '2026-01-12T11:00:00.000Z',
      text: `${HARBOUR}\n\nAdditional reporting by staff.`,
      ...harbour,
    }),
    articleDocument({
      url: 'https://news-a.example/2026/01/bridge-budget',
      title: 'City council approves budget for the new bridge',
      publishedAt: '2026-01-10T15:00:00.000Z',
      text: 'The city council voted 9 to 2 for a budget that pays for the new river bridge. Work starts in spring.',
      organizations: ['City Council'],
    }),
    articleDocument({
      url: 'https://post-c.example/news/storm-railway',
      title: 'Storm floods the railway line north of the city',
      publishedAt: '2026-01-14T06:00:00.000Z',
      text: 'Heavy rain flooded the northern railway line overnight; trains are replaced by buses until Friday.',
    }),
    articleDocument({
      url: 'https://yna.example/view/AKR2026011300001',
      title: '반도체 수출 역대 최대 기록',
      publishedAt: '2026-01-13T01:00:00.000Z',
      text: CHIPS,
      ...chips,
    }),
    articleDocument({
      url: 'https://hankyung.example/article/2026011302',
      title: '반도체 수출, 지난달 사상 최대',
      publishedAt: '2026-01-13T02:30:00.000Z',
      text: `${CHIPS}\n\n한경닷컴 뉴스룸`,
      ...chips,
    }),
    articleDocument({
      url: 'https://yna.example/view/AKR2026011100002',
      title: '서울 지하철 노조 파업 예고',
      publishedAt: '2026-01-11T03:00:00.000Z',
      language: 'ko',
      text: '서울 지하철 노조가 다음 주 파업을 예고했다. 서울교통공사는 비상 수송 대책을 마련하겠다고 밝혔다.',
      places: ['서울'],
      organizations: ['서울교통공사'],
    }),
  ];
}

/**
 * The analysts' app as they use it, in headless Chromium against the built
 * API over a small English and Korean index: sign in, search as you type
 * (with a typo, and in Korean), filter by a facet and a day, open a story's
 * other sources and an article, share the URL, use the keyboard, and pass
 * axe without a serious or critical violation, at desktop and phone width.
 */
describe.runIf(browserThere)('the web app in headless Chromium', () => {
  let stack: WebStack;
  let images: Server;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // The lead image lives on "the publisher's" host, as on the web.
    images = createServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'image/svg+xml' })
        .end(
          '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320"><rect width="640" height="320" fill="#8aa"/></svg>',
        ),
    );
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/cranes.svg`;
    [stack, browser] = await Promise.all([
      startWebStack({ articles: newsroom(imageUrl), searchToken: TOKEN }),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      }),
    ]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (message) => {
      // The 401 that brings up the sign-in and the 404 of a server without saved searches are expected answers.
      if (/status of (401|404)/.test(message.text())) return;
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    images?.close();
  });

  const byUrl = (url: string) => stack.articles.find((a) => a.url === url)!;
  const params = () => new URL(page.url()).searchParams;
  const HARBOUR_URL = 'https://news-a.example/2026/01/harbour-cranes';
  const CHIPS_URL = 'https://yna.example/view/AKR2026011300001';
  const SUBWAY_URL = 'https://yna.example/view/AKR2026011100002';
  const storyOf = (url: string) => byUrl(url).storyId;
  /** A story's titles but one (the hit shown), first reporter first: what its group lists. */
  const othersOf = (storyId: string, shown: string) =>
    stack.articles
      .filter((a) => a.storyId === storyId && a.title !== shown)
      .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
      .map((a) => a.title);

  /** The hits' titles once the newest search has answered. */
  const settledTitles = async () =>
    (await page.locator('section.results[aria-busy="false"]').count()) === 1
      ? page.locator('.hits .hit-link').allTextContents()
      : null;
  /** The same, as story ids: which copy stands for a story is the ranking's choice. */
  const settledStories = async () =>
    (await settledTitles())?.map((title) => stack.articles.find((a) => a.title === title)?.storyId ?? title);

  async function seriousAxeViolations(): Promise<string[]> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResult> } }).axe;
      return (await axe.run(document)).violations;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  }

  it('has the copies in stories, as the story index placed them', () => {
    const harbour = storyOf(HARBOUR_URL);
    expect(stack.articles.filter((a) => a.storyId === harbour)).toHaveLength(3);
    expect(stack.articles.filter((a) => a.storyId === storyOf(CHIPS_URL))).toHaveLength(2);
    expect(new Set(stack.articles.map((a) => a.storyId)).size).toBe(5);
  });

  it('asks for the read token on a 401, keeps it in the tab, never in the URL', async () => {
    await page.goto(`${stack.url}/`);
    await page.getByLabel('Read token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(async () => (await settledTitles())?.length, { timeout: 15_000 }).toBe(5);
    expect(await page.getByRole('heading', { name: 'Latest stories' }).count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('tidings.readToken'))).toBe(TOKEN);
    expect(page.url()).not.toContain(TOKEN);
  });

  it('answers as you type, through a typo, one hit per story with its other sources', async () => {
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('harbor cranes', { delay: 25 });
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(HARBOUR_URL)]);
    expect(params().get('q')).toBe('harbor cranes');
    const hit = page.locator('.hit').first();
    expect(await hit.locator('.story-toggle').textContent()).toBe('and 2 other sources');
    expect(await hit.locator('.snippet mark').count()).toBeGreaterThan(0);
  });

  it('answers a Korean query', async () => {
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('반도체', { delay: 25 });
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(CHIPS_URL)]);
    expect(await page.locator('.hit .story-toggle').textContent()).toBe('and 1 other source');
    expect(await page.locator('.hit h3').getAttribute('lang')).toBe('ko');
    expect(await page.locator('.hit .snippet mark').first().textContent()).toBe('반도체');
  });

  it('filters by a facet value and narrows to a day by clicking the histogram', async () => {
    await page.locator('#q').fill('');
    await expect.poll(async () => (await settledTitles())?.length, { timeout: 10_000 }).toBe(5);
    await page.getByRole('checkbox', { name: /Korean/ }).check();
    await expect
      .poll(async () => (await settledStories())?.sort(), { timeout: 10_000 })
      .toEqual([storyOf(CHIPS_URL), storyOf(SUBWAY_URL)].sort());
    expect(params().getAll('language')).toEqual(['ko']);
    // Korean stories on the 11th and the 13th: three daily bars, the 12th empty.
    expect(await page.locator('.histogram .bar').count()).toBe(3);
    await page.locator('.histogram .bar[data-from="2026-01-13"]').click();
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(CHIPS_URL)]);
    expect([params().get('from'), params().get('to')]).toEqual(['2026-01-13', '2026-01-13']);
    expect(await page.getByRole('button', { name: /Remove filter Dates/ }).count()).toBe(1);
  });

  it('restores the whole search from its URL, as a shared link would', async () => {
    const shared = page.url();
    await page.goto(`${stack.url}/`);
    await page.goto(shared);
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(CHIPS_URL)]);
    expect(await page.getByRole('checkbox', { name: /Korean/ }).isChecked()).toBe(true);
    expect(await page.locator('.histogram .bar[aria-pressed="true"]').getAttribute('data-from')).toBe(
      '2026-01-13',
    );
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it("expands a story's other sources", async () => {
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await page.locator('#q').fill('harbour');
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(HARBOUR_URL)]);
    const shown = (await page.locator('.hit-link').textContent())!;
    await page.getByRole('button', { name: 'and 2 other sources' }).click();
    await expect
      .poll(() => page.locator('.hit .story li a').allTextContents(), { timeout: 10_000 })
      .toEqual(othersOf(storyOf(HARBOUR_URL), shown));
    expect(params().getAll('story')).toEqual([storyOf(HARBOUR_URL)]);
    expect(
      await page.getByRole('button', { name: 'and 2 other sources' }).getAttribute('aria-expanded'),
    ).toBe('true');
  });

  it('opens an article from the keyboard: deck, byline, dates, lead image, captions apart, entities, its story', async () => {
    const shown = (await page.locator('.hit-link').textContent())!;
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(shown);
    await page.keyboard.press('Enter');
    const view = page.locator('.article-view');
    const heading = view.locator('h2#article-title');
    await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toBe(shown);
    expect(params().get('article')).toBe(stack.articles.find((a) => a.title === shown)!.id);
    expect(params().get('q')).toBe('harbour');
    // The first report, with all the trimmings: from the story's other articles, if another copy stood for it.
    const first = byUrl(HARBOUR_URL);
    if (shown !== first.title) {
      await view.locator('.story li a', { hasText: first.title }).click();
      await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toBe(first.title);
    }
    expect(params().get('article')).toBe(first.id);
    expect(await view.locator('.deck').textContent()).toBe(first.subtitle);
    expect(await view.locator('.byline').textContent()).toBe('By Lars Berg');
    expect(await view.locator('header time').count()).toBe(2);
    expect(await view.locator('.text p').count()).toBe(3);
    expect(await view.locator('.captions li').allTextContents()).toEqual(first.captions);
    // Captions are kept apart from the text.
    expect(await view.locator('.text').textContent()).not.toContain('Photo: Lars Berg');
    await expect
      .poll(() => view.locator('.lead img').evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 10_000,
      })
      .toBe(640);
    expect(await view.locator('.entities .chip').allTextContents()).toEqual([
      'Ada Park',
      'Harbour City',
      'Port Authority',
    ]);
    await expect
      .poll(() => view.locator('.story li a').allTextContents(), { timeout: 10_000 })
      .toEqual(othersOf(first.storyId, first.title));
    expect(await seriousAxeViolations()).toEqual([]);

    // The open article is in the URL too: a reload shows it again; Back returns to the results.
    await page.reload();
    await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toBe(first.title);
    await page.goBack();
    if (shown !== first.title) await page.goBack();
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(HARBOUR_URL)]);
  });

  it('shows the saved searches panel', async () => {
    await page.getByRole('link', { name: 'Saved searches' }).click();
    expect(params().get('panel')).toBe('saved');
    await page.getByRole('heading', { name: 'Saved searches', exact: true }).waitFor();
    await page.locator('.saved .notice').first().waitFor({ timeout: 10_000 });
    // This server may not offer them yet (the route lands on its own): the panel says which.
    expect(await page.locator('.saved .notice').first().textContent()).toMatch(
      /does not offer saved searches yet|No saved searches yet/,
    );
    expect(await page.getByRole('button', { name: 'Save search' }).count()).toBe(1);
    expect(await seriousAxeViolations()).toEqual([]);
    await page.goBack();
  });

  it('works at phone width, with the filters behind a toggle', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(HARBOUR_URL)]);
    const toggle = page.getByRole('button', { name: /^Filters/ });
    expect(await toggle.isVisible()).toBe(true);
    expect(await page.locator('.filter-lists').isVisible()).toBe(false);
    await toggle.click();
    expect(await page.locator('.filter-lists').isVisible()).toBe(true);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations()).toEqual([]);
    await toggle.click();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'web-app-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('#q').fill('');
    await expect.poll(async () => (await settledTitles())?.length, { timeout: 10_000 }).toBe(5);
    await page.screenshot({ path: join(SHOTS, 'web-app.png') });
  });

  it('ran without a console error, a refused resource or a page error', () => {
    expect(problems).toEqual([]);
  });
});

interface AxeResult {
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: string[] }>;
  }>;
}
