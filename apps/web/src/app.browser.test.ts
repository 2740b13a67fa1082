import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALERT_ID_HEADER, SIGNATURE_HEADER, verifyWebhook, type WebhookBody } from '@tidings/alerts';
import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument, type Newsroom, type NewsroomArticle, startNewsroom } from '@tidings/testing';
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
function fixedArticles(imageUrl: string): ArticleDocument[] {
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

/** A webhook receiver in this process: every POST as it came. */
async function startReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/tidings`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Saved searches this server keeps at most: the third save meets the 409. */
const SAVED_SEARCH_LIMIT = 2;

/**
 * The analysts' app as they use it, in headless Chromium against the built
 * API over a small English and Korean index: sign in, search as you type
 * (with a typo, and in Korean), filter by a facet and a day, open a story's
 * other sources and an article, share the URL, use the keyboard, and pass
 * axe without a serious or critical violation, at desktop and phone width.
 * Then saved searches against the whole pipeline (the built poller, parser,
 * indexer and API) and a local newsroom: save the search typed with a
 * webhook, edit it, meet the server's limit, delete one, and receive the
 * webhook, the Atom entry and the live event when a matching article is
 * published.
 */
describe.runIf(browserThere)('the web app in headless Chromium', () => {
  let stack: WebStack;
  let images: Server;
  let browser: Browser;
  let page: Page;
  let newsroom: Newsroom;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** The article the newsroom will publish next: a twin newsroom (same seed, same articles) told us. */
  let next: NewsroomArticle;
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
    // The newsroom starts with nothing published; what it publishes later is the same as its twin's.
    const twin = await startNewsroom({ articlesPerSite: 0 });
    next = twin.publish('metro-wire');
    await twin.close();
    [newsroom, receiver] = await Promise.all([startNewsroom({ articlesPerSite: 0 }), startReceiver()]);
    [stack, browser] = await Promise.all([
      startWebStack({
        articles: fixedArticles(imageUrl),
        searchToken: TOKEN,
        pipeline: true,
        env: { SAVED_SEARCH_LIMIT: String(SAVED_SEARCH_LIMIT) },
      }),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      }),
    ]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // An action whose element never comes fails with its locator, before the test's own timeout.
    page.setDefaultTimeout(15_000);
    // The feed is polled from the start (every 2 s); it lists nothing until the newsroom publishes.
    const feed = await fetch(`${stack.url}/v1/feeds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: newsroom.feeds.find((f) => f.site === 'metro-wire')!.url,
        intervalSeconds: 2,
      }),
    });
    expect(feed.status).toBe(201);
    page.on('console', (message) => {
      // The 401 that brings up the sign-in, and the 400 and 409 the saved-search tests ask for, are expected answers.
      if (/status of (400|401|409)/.test(message.text())) return;
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    images?.close();
    await newsroom?.close();
    await receiver?.close();
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
    // The address bar follows once the typing pauses.
    await expect.poll(() => params().get('q')).toBe('harbor cranes');
    const hit = page.locator('.hit').first();
    expect(await hit.locator('.story-toggle').textContent()).toBe('and 2 other sources');
    expect(await hit.locator('.snippet mark').count()).toBeGreaterThan(0);
  });

  it('answers a Korean query', async () => {
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('반도체', { delay: 25 });
    await expect.poll(settledStories, { timeout: 10_000 }).toEqual([storyOf(CHIPS_URL)]);
    // "반도", typed first, finds the same story: wait for the whole word's answer, its mark.
    await expect
      .poll(() => page.locator('.hit .snippet mark').first().textContent(), { timeout: 10_000 })
      .toBe('반도체');
    expect(await page.locator('.hit .story-toggle').textContent()).toBe('and 1 other source');
    expect(await page.locator('.hit h3').getAttribute('lang')).toBe('ko');
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

  // --- saved searches, against the whole pipeline ------------------------------

  const NAME = 'Metro wire watch';
  const RENAMED = 'Metro wire alerts';
  /** Secrets as the page showed them: on saving, and after renewing. */
  const secrets: string[] = [];
  let feedUrl: string;
  const savedItem = (name: string) =>
    page.locator('.saved-item').filter({ has: page.getByRole('heading', { name, exact: true }) });
  /** What has the focus, once the app moved it (it does so after the change is drawn). */
  const focused = () =>
    expect.poll(
      () =>
        page.evaluate(() => {
          const element = document.activeElement;
          return element?.id || element?.className || element?.textContent || '';
        }),
      { timeout: 5_000 },
    );

  it('saves the search typed, with a webhook: its secret shown once, its Atom feed address to copy', async () => {
    // The analyst types the words the next article will carry: nothing has them yet.
    await page.locator('#q').fill(next.keyword);
    await expect.poll(settledTitles, { timeout: 10_000 }).toEqual([]);
    await page.getByRole('link', { name: 'Saved searches' }).click();
    expect(params().get('panel')).toBe('saved');
    await page.getByRole('heading', { name: 'Saved searches', exact: true }).waitFor();
    await page.getByText('No saved searches yet').waitFor({ timeout: 10_000 });

    // The form holds the current search.
    const form = page.getByRole('form', { name: 'Save the current search' });
    expect(await form.getByLabel('Query').inputValue()).toBe(next.keyword);
    await form.getByLabel('Name').fill(NAME);
    await form.getByRole('button', { name: 'Add a webhook' }).click();
    await focused().toBe('new-search-webhook-0');
    await page.keyboard.type(receiver.url);
    await form.getByRole('button', { name: 'Save search' }).click();

    const notice = page.locator('.saved-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain(
      `Saved “${NAME}”. Copy the signing secret of its webhook now`,
    );
    await focused().toContain('saved-notice');
    secrets.push(await notice.getByLabel(`Signing secret of ${receiver.url}`).inputValue());
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);

    const item = savedItem(NAME);
    await item.waitFor({ timeout: 10_000 });
    expect(await item.locator('.channels code').allTextContents()).toEqual([receiver.url]);
    feedUrl = await item.getByLabel('Atom feed').inputValue();
    expect(feedUrl).toMatch(
      new RegExp(`^${stack.url}/v1/saved-searches/ss_[0-9a-f]{16}/feed\\.atom\\?key=[A-Za-z0-9_-]{43}$`),
    );
    // Once: "Done" clears it, and the list (GET) never carries it.
    await notice.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.content()).not.toContain(secrets[0]);
    expect(
      await page.getByRole('form', { name: 'Save the current search' }).getByLabel('Name').inputValue(),
    ).toBe('');
  });

  it('edits it: the field the API refuses is marked and focused; a renewed secret is shown once', async () => {
    const item = savedItem(NAME);
    await item.getByRole('button', { name: `Edit ${NAME}` }).click();
    const form = item.getByRole('form', { name: `Edit “${NAME}”` });
    await form.waitFor();
    await focused().toMatch(/-edit-name$/);
    expect(await form.getByLabel('Query').inputValue()).toBe(next.keyword);
    await form.getByLabel('Name').fill(RENAMED);
    await form.getByRole('checkbox', { name: `New secret for ${receiver.url}` }).check();
    await form.getByRole('button', { name: 'Add a webhook' }).click();
    const bad = form.getByLabel('Webhook 2 URL');
    await focused().toBe(await bad.getAttribute('id'));
    await page.keyboard.type('ftp://hooks.example/tidings');
    await form.getByRole('button', { name: 'Save changes' }).click();

    const error = form.getByRole('alert');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toBe('Not saved: Webhook 2: an http or https URL');
    expect(await bad.getAttribute('aria-invalid')).toBe('true');
    await focused().toBe(await bad.getAttribute('id'));

    await form.getByRole('button', { name: 'Remove webhook ftp://hooks.example/tidings' }).click();
    await form.getByRole('button', { name: 'Save changes' }).click();
    const notice = page.locator('.saved-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain(`Changed “${RENAMED}”.`);
    secrets.push(await notice.getByLabel(`Signing secret of ${receiver.url}`).inputValue());
    expect(secrets[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets[1]).not.toBe(secrets[0]);
    await savedItem(RENAMED).waitFor({ timeout: 10_000 });
    // The feed's address stays: same search, same key.
    expect(await savedItem(RENAMED).getByLabel('Atom feed').inputValue()).toBe(feedUrl);
    await notice.getByRole('button', { name: 'Done' }).click();
  });

  it('says so when the server keeps no more saved searches, and deletes one', async () => {
    const form = page.getByRole('form', { name: 'Save the current search' });
    await form.getByLabel('Name').fill('Second look');
    await form.getByRole('button', { name: 'Save search' }).click();
    await savedItem('Second look').waitFor({ timeout: 10_000 });
    // No webhook, no secret: the notice just says it is saved.
    expect(await page.locator('.saved-notice').textContent()).toMatch(/^Saved “Second look”\.\s*Done$/);

    await form.getByLabel('Name').fill('One too many');
    await form.getByRole('button', { name: 'Save search' }).click();
    const error = form.getByRole('alert');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toBe(
      `Not saved, the server keeps no more: there are already ${SAVED_SEARCH_LIMIT} saved searches (SAVED_SEARCH_LIMIT); delete some first.`,
    );

    const second = savedItem('Second look');
    await second.getByRole('button', { name: 'Delete… Second look' }).click();
    const confirm = second.getByRole('button', { name: 'Delete', exact: true });
    await focused().toBe('danger');
    await confirm.click();
    // The button is gone with its search: the focus goes to the notice that says what happened.
    const notice = page.locator('.saved-notice');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe('Deleted “Second look”.Done');
    await focused().toContain('saved-notice');
    await notice.getByRole('button', { name: 'Done' }).click();
    await expect
      .poll(() => page.locator('.saved-item h4').allTextContents(), { timeout: 10_000 })
      .toEqual([RENAMED]);
  });

  it('receives the webhook, the Atom entry and the live event when a matching article arrives from the newsroom', async () => {
    const item = savedItem(RENAMED);
    const watch = item.getByRole('button', { name: `Watch live ${RENAMED}` });
    await watch.click();
    expect(await watch.getAttribute('aria-pressed')).toBe('true');
    await item.getByText('Watching: new matching stories appear here').waitFor({ timeout: 10_000 });
    expect(await seriousAxeViolations()).toEqual([]);

    const article = newsroom.publish('metro-wire');
    // The premise: the twin told the truth.
    expect([article.title, article.keyword]).toEqual([next.title, next.keyword]);

    // The live view, through the page's own EventSource.
    const live = item.locator('.live-alert');
    await live
      .first()
      .waitFor({ timeout: 45_000 })
      .catch((err: Error) => {
        throw new Error(`${err.message}\nthe processes said:\n${stack.output()}`);
      });
    expect(await live.count()).toBe(1);
    expect(await live.getByRole('link').textContent()).toBe(article.title);
    const alertId = (await live.getAttribute('data-alert-id'))!;
    const articleId = (await live.getAttribute('data-article-id'))!;
    expect(alertId).toMatch(/^[0-9a-f]{32}$/);

    // The webhook, signed with the renewed secret (the first no longer signs).
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const [delivery] = receiver.received;
    const body = JSON.parse(delivery!.body) as WebhookBody;
    expect(body).toMatchObject({
      type: 'alert',
      id: alertId,
      savedSearch: { name: RENAMED },
      article: { id: articleId, title: article.title, language: 'en' },
    });
    expect(feedUrl).toContain(`/v1/saved-searches/${body.savedSearch.id}/feed.atom`);
    expect(delivery!.headers[ALERT_ID_HEADER]).toBe(alertId);
    const signature = String(delivery!.headers[SIGNATURE_HEADER]);
    expect(verifyWebhook(secrets[1]!, delivery!.body, signature)).toBe(true);
    expect(verifyWebhook(secrets[0]!, delivery!.body, signature)).toBe(false);

    // The Atom feed, at the address the page gave, with its key and no token.
    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const atom = await feed.text();
    expect(atom).toContain(`<id>urn:tidings:alert:${alertId}</id>`);
    expect(atom.match(/<entry>/g)).toHaveLength(1);

    expect(await seriousAxeViolations()).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    // From the top: the sticky header stays where a full-page shot begins.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'web-app-saved.png'), fullPage: true });
  });

  it('fits a phone, and opens a saved search: its results, newest first', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations()).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'web-app-saved-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await savedItem(RENAMED).getByRole('link', { name: RENAMED }).click();
    await expect.poll(settledTitles, { timeout: 10_000 }).toEqual([next.title]);
    expect([params().get('q'), params().get('sort'), params().get('panel')]).toEqual([
      next.keyword,
      'recent',
      null,
    ]);
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
