// The live status page: fetch /status/data every few seconds and redraw.
// Plain DOM with textContent only: feed titles and errors come from the
// outside world and must never be parsed as HTML.

const REFRESH_MS = 5000;
const SVG = 'http://www.w3.org/2000/svg';
const STAGES = [
  ['poll', 'Feeds polled'],
  ['parse', 'Articles parsed'],
  ['index', 'Articles made searchable'],
];

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat('en');
let lastSuccess = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function svgOf(label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  return svg;
}

function shape(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const WIDTH = 600;
const HEIGHT = 90;
const y = (v, max) => HEIGHT - 2 - (v / max) * (HEIGHT - 6);

/** Stacked bars per minute: done below, failed on top. */
function bars(done, failed, label) {
  const svg = svgOf(label);
  const max = Math.max(1, ...done.map((d, i) => d + (failed[i] ?? 0)));
  const step = WIDTH / done.length;
  // One rect from value `from` up to value `to` in minute i.
  const segment = (cls, i, from, to) =>
    shape('rect', {
      class: cls,
      x: i * step + 1,
      width: step - 2,
      y: y(to, max),
      height: y(from, max) - y(to, max),
    });
  done.forEach((d, i) => {
    const f = failed[i] ?? 0;
    if (d > 0) svg.append(segment('completed', i, 0, d));
    if (f > 0) svg.append(segment('failed', i, d, d + f));
  });
  return svg;
}

/** Lines with a dot per minute (so a lone minute still shows); nulls are gaps. */
function lines(series, label) {
  const svg = svgOf(label);
  const max = Math.max(1, ...series.flatMap((s) => s.values).filter((v) => v !== null));
  for (const s of series) {
    const step = WIDTH / s.values.length;
    let d = '';
    let pen = 'M';
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = 'M';
        return;
      }
      const x = (i + 0.5) * step;
      d += `${pen}${x.toFixed(1)},${y(v, max).toFixed(1)} `;
      pen = 'L';
      svg.append(
        shape('rect', { class: `${s.className} dot`, x: x - 2, y: y(v, max) - 2, width: 4, height: 4 }),
      );
    });
    svg.append(shape('path', { d: d.trim(), class: s.className, 'vector-effect': 'non-scaling-stroke' }));
  }
  return svg;
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const lastFull = (xs) => xs.at(-2) ?? 0;
const seconds = (v) =>
  v === null || v === undefined
    ? '–'
    : v < 60
      ? `${v} s`
      : v < 3600
        ? `${Math.round(v / 60)} min`
        : `${Math.round(v / 3600)} h`;
const ago = (iso) => {
  if (!iso) return '–';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  return s < 90
    ? `${Math.round(s)} s ago`
    : s < 5400
      ? `${Math.round(s / 60)} min ago`
      : s < 129600
        ? `${Math.round(s / 3600)} h ago`
        : `${Math.round(s / 86400)} d ago`;
};

function renderQueues(queues) {
  const rows = Object.entries(queues).map(([name, c]) =>
    el(
      'tr',
      { 'data-queue': name },
      el('td', {}, name),
      el('td', { class: 'num' }, fmt.format((c.waiting ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0))),
      el('td', { class: 'num' }, fmt.format(c.active ?? 0)),
      el('td', { class: 'num' }, fmt.format(c.delayed ?? 0)),
      el('td', { class: 'num' }, fmt.format(c.failed ?? 0)),
    ),
  );
  $('queues').tBodies[0].replaceChildren(...rows);
}

function renderFeeds(feeds) {
  const item = (key, label) =>
    el('div', { class: key }, el('dt', {}, label), el('dd', { 'data-count': key }, fmt.format(feeds[key])));
  $('feed-counts').replaceChildren(
    item('total', 'total'),
    item('healthy', 'healthy'),
    item('failing', 'failing'),
    item('paused', 'paused'),
  );
}

/** A chart with a caption (its label, then its headline figures) and a legend: one per stage or measure. */
function chartFigure(attributes, label, headline, chart, legend) {
  return el(
    'figure',
    attributes,
    el('figcaption', {}, el('span', {}, label), el('span', {}, ...headline)),
    chart,
    el('div', { class: 'legend' }, ...legend),
  );
}

function renderThroughput(throughput) {
  const figures = STAGES.filter(([stage]) => throughput[stage]).map(([stage, label]) => {
    const { completed, failed } = throughput[stage];
    return chartFigure(
      { 'data-stage': stage },
      label,
      [el('b', { 'data-total': stage }, fmt.format(sum(completed))), ' in the hour'],
      bars(completed, failed, `${label} per minute`),
      [
        el('span', { class: 'blue' }, `${fmt.format(lastFull(completed))} in the last full minute`),
        ' · ',
        el('span', { class: 'red' }, `${fmt.format(sum(failed))} failed in the hour`),
      ],
    );
  });
  $('throughput').replaceChildren(...figures);
}

function renderFreshness(freshness) {
  const figures = [
    ['discovered', 'Found by the poller → searchable'],
    ['published', 'Published → searchable'],
  ].map(([key, label]) => {
    const minutes = freshness[key];
    const latest = [...minutes].reverse().find((m) => m.count > 0);
    return chartFigure(
      { 'data-freshness': key },
      label,
      ['p50 ', el('b', {}, seconds(latest?.p50)), ' · p99 ', el('b', {}, seconds(latest?.p99))],
      lines(
        [
          { values: minutes.map((m) => m.p50), className: 'p50' },
          { values: minutes.map((m) => m.p99), className: 'p99' },
        ],
        `${label}, p50 and p99 per minute`,
      ),
      [
        el('span', { class: 'blue' }, 'p50'),
        ' · ',
        el('span', { class: 'red' }, 'p99'),
        ` · ${fmt.format(sum(minutes.map((m) => m.count)))} articles in the hour`,
      ],
    );
  });
  $('freshness').replaceChildren(...figures);
}

function renderFailing(feeds) {
  const rows = feeds.map((f) =>
    el(
      'tr',
      {},
      el('td', {}, el('div', {}, f.title ?? f.url), el('small', { class: 'muted' }, f.url)),
      el(
        'td',
        { class: 'error' },
        f.paused ? `paused: ${f.pausedReason ?? 'by an operator'}` : (f.lastError ?? ''),
      ),
      el('td', { class: 'num' }, fmt.format(f.consecutiveFailures ?? 0)),
      el('td', {}, ago(f.failingSince)),
    ),
  );
  $('failing').tBodies[0].replaceChildren(...rows);
  $('failing').hidden = rows.length === 0;
  $('no-failing').hidden = rows.length > 0;
}

async function refresh() {
  try {
    const response = await fetch('/status/data', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) throw new Error(`the API answered ${response.status}`);
    const report = await response.json();
    renderQueues(report.queues);
    renderFeeds(report.feeds);
    renderThroughput(report.throughput);
    renderFreshness(report.freshness);
    renderFailing(report.failingFeeds);
    lastSuccess = Date.now();
    $('problem').hidden = true;
    document.body.dataset.updated = report.generatedAt;
  } catch (err) {
    $('problem').textContent = `Cannot refresh: ${err.message}. Showing the last data received.`;
    $('problem').hidden = false;
  }
  $('updated').textContent = lastSuccess
    ? `updated ${new Date(lastSuccess).toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s`
    : 'no data yet';
}

refresh();
setInterval(refresh, REFRESH_MS);
