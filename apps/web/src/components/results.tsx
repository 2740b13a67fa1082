import { useEffect } from 'preact/hooks';
import type { SearchHit, SearchResult } from '../api';
import * as api from '../api';
import { formatCount, formatDay, formatMoment, languageName, plural } from '../format';
import { useLoad } from '../session';
import { parseSnippet } from '../snippet';
import {
  type AppState,
  emptyFilters,
  FILTERS,
  type FilterName,
  isFiltered,
  MAX_PAGE,
  PAGE_SIZE,
  toggleFilter,
  withRange,
} from '../url-state';
import { type Go, Link } from './link';

const FILTER_LABELS: Record<FilterName, string> = {
  source: 'Source',
  language: 'Language',
  person: 'Person',
  place: 'Place',
  org: 'Organisation',
};

/** The results region: heading and status, the chosen filters, the hits, the pages. */
export function Results(props: {
  state: AppState;
  result: { q: string; value: SearchResult } | undefined;
  error: Error | undefined;
  pending: boolean;
  go: Go;
  retry(): void;
}) {
  const { state, result, error, pending, go } = props;
  const value = result?.value;
  useEffect(() => {
    // For `pnpm bench:web`: when the hits of a query are on screen (effects run after the paint).
    if (result) performance.mark('tidings:results', { detail: { q: result.q } });
  }, [result]);
  return (
    <section class="results" aria-labelledby="results-heading" aria-busy={pending}>
      <div class="results-head">
        <h2 id="results-heading">{heading(state)}</h2>
        <p class="status" role="status">
          {pending && !value ? 'Searching…' : value ? summary(value, state) : ''}
        </p>
      </div>
      <ActiveFilters state={state} go={go} />
      {error && !pending && (
        <div class="notice error" role="alert">
          <p>The search failed: {api.explain(error)}</p>
          <button type="button" onClick={props.retry}>
            Try again
          </button>
        </div>
      )}
      {value?.missing && (
        <p class="notice warning">
          Part of the archive did not answer ({value.missing.join(', ')}): these results may be incomplete.
        </p>
      )}
      {value && value.hits.length === 0 && !pending && <Empty state={state} go={go} />}
      {value && value.hits.length > 0 && (
        <ol class={`hits${pending ? ' stale' : ''}`} onKeyDown={moveThroughResults}>
          {value.hits.map((hit) => (
            <Hit key={hit.id} hit={hit} state={state} go={go} />
          ))}
        </ol>
      )}
      {value && <Pager state={state} total={value.total} go={go} />}
    </section>
  );
}

const heading = (state: AppState) =>
  state.q ? `Results for “${state.q}”` : isFiltered(state) ? 'Filtered stories' : 'Latest stories';

function summary(value: SearchResult, state: AppState): string {
  const stories = plural(value.total, 'story', 'stories');
  if (value.total <= PAGE_SIZE) return stories;
  const first = (state.page - 1) * PAGE_SIZE + 1;
  return `${formatCount(first)}–${formatCount(first + value.hits.length - 1)} of about ${stories}`;
}

/** ↑ and ↓ move between the results' title links; Enter opens one (it is a link). */
function moveThroughResults(event: KeyboardEvent) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const list = event.currentTarget as HTMLElement;
  const links = [...list.querySelectorAll<HTMLAnchorElement>('a.hit-link')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at === -1) return;
  event.preventDefault();
  if (event.key === 'ArrowUp' && at === 0) {
    document.getElementById('q')?.focus();
    return;
  }
  links[Math.min(links.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1))]?.focus();
}

/** Chips for what narrows the search, each removable, and "clear all". */
function ActiveFilters(props: { state: AppState; go: Go }) {
  const { state, go } = props;
  if (!isFiltered(state)) return null;
  const base = { ...state, expanded: [], article: undefined };
  const range =
    state.from && state.to
      ? state.from === state.to
        ? formatDay(state.from)
        : `${formatDay(state.from)} – ${formatDay(state.to)}`
      : state.from
        ? `from ${formatDay(state.from)}`
        : state.to
          ? `until ${formatDay(state.to)}`
          : undefined;
  return (
    <ul class="chips" aria-label="Active filters">
      {FILTERS.flatMap((name) =>
        state.filters[name].map((value) => (
          <li key={`${name}:${value}`}>
            <button type="button" class="chip" onClick={() => go(toggleFilter(base, name, value))}>
              <span class="visually-hidden">Remove filter </span>
              {FILTER_LABELS[name]}: {name === 'language' ? languageName(value) : value}{' '}
              <span aria-hidden="true">×</span>
            </button>
          </li>
        )),
      )}
      {range && (
        <li>
          <button type="button" class="chip" onClick={() => go(withRange(base))}>
            <span class="visually-hidden">Remove filter </span>
            Dates: {range} <span aria-hidden="true">×</span>
          </button>
        </li>
      )}
      <li>
        <button
          type="button"
          class="link-button"
          onClick={() => go({ ...withRange(base), filters: emptyFilters() })}
        >
          Clear all filters
        </button>
      </li>
    </ul>
  );
}

function Empty(props: { state: AppState; go: Go }) {
  const { state, go } = props;
  return (
    <div class="notice empty">
      <p>{state.q ? `No stories match “${state.q}”.` : 'No stories here.'}</p>
      <p>
        Check the spelling or try fewer words
        {isFiltered(state) && (
          <>
            , or{' '}
            <button
              type="button"
              class="link-button"
              onClick={() => go({ ...withRange(state), filters: emptyFilters(), expanded: [] })}
            >
              search without filters
            </button>
          </>
        )}
        .
      </p>
    </div>
  );
}

/** One story: its best hit, the snippet, and "and N other sources" to see its other articles. */
function Hit(props: { hit: SearchHit; state: AppState; go: Go }) {
  const { hit, state, go } = props;
  const expanded = state.expanded.includes(hit.storyId);
  const others = Math.max(0, (hit.storySize ?? 1) - 1);
  const toggle = () =>
    go(
      {
        ...state,
        expanded: expanded
          ? state.expanded.filter((id) => id !== hit.storyId)
          : [...state.expanded, hit.storyId],
      },
      'replace',
    );
  return (
    <li class="hit">
      <h3 lang={hit.language}>
        <Link class="hit-link" to={{ ...state, article: hit.id, saved: false }} go={go} data-hit-id={hit.id}>
          {hit.title || '(untitled)'}
        </Link>
      </h3>
      <p class="meta">
        <span class="source">{hit.siteName ?? hit.source}</span>
        <time dateTime={hit.publishedAt}>{formatMoment(hit.publishedAt)}</time>
        <span>{languageName(hit.language)}</span>
      </p>
      {hit.snippet && (
        <p class="snippet" lang={hit.language}>
          {parseSnippet(hit.snippet).map((part, i) =>
            // The parts of one snippet never move: their index is their key.
            part.mark ? <mark key={i}>{part.text}</mark> : part.text,
          )}
        </p>
      )}
      {others > 0 && (
        <button
          type="button"
          class="link-button story-toggle"
          aria-expanded={expanded}
          aria-controls={expanded ? `story-${hit.storyId}` : undefined}
          onClick={toggle}
        >
          {othersLabel(others, hit.otherSources ?? [])}
        </button>
      )}
      {others > 0 && expanded && <StoryGroup storyId={hit.storyId} shownId={hit.id} state={state} go={go} />}
    </li>
  );
}

/** "and 3 other sources", or, when copies come from the same source, "and 2 more articles". */
function othersLabel(others: number, sources: string[]): string {
  if (sources.length === others) return `and ${plural(others, 'other source', 'other sources')}`;
  if (sources.length === 0) return `and ${plural(others, 'more article', 'more articles')}`;
  return `and ${plural(others, 'more article', 'more articles')} from ${plural(sources.length, 'other source', 'other sources')}`;
}

/** Keep long stories readable: the first articles, and a count of the rest. */
const STORY_LIST = 50;

/** The other articles of a story, first reporter first. */
function StoryGroup(props: { storyId: string; shownId: string; state: AppState; go: Go }) {
  const { storyId, shownId, state, go } = props;
  const story = useLoad(storyId, (signal) => api.story(storyId, signal));
  return (
    <div class="story" id={`story-${storyId}`}>
      {story.status === 'loading' && <p class="status">Loading the story…</p>}
      {story.status === 'error' && (
        <p class="notice error" role="alert">
          The story could not be loaded: {api.explain(story.error)}
        </p>
      )}
      {story.status === 'done' && (
        <>
          <ul>
            {story.value.articles
              .filter((a) => a.id !== shownId)
              .slice(0, STORY_LIST)
              .map((a) => (
                <li key={a.id}>
                  <Link to={{ ...state, article: a.id, saved: false }} go={go} lang={a.language}>
                    {a.title || '(untitled)'}
                  </Link>{' '}
                  <span class="meta">
                    <span class="source">{a.siteName ?? a.source}</span>
                    <time dateTime={a.publishedAt}>{formatMoment(a.publishedAt)}</time>
                  </span>
                </li>
              ))}
          </ul>
          {story.value.articles.length - 1 > STORY_LIST && (
            <p class="status">and {formatCount(story.value.articles.length - 1 - STORY_LIST)} more</p>
          )}
        </>
      )}
    </div>
  );
}

function Pager(props: { state: AppState; total: number; go: Go }) {
  const { state, total, go } = props;
  const last = Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / PAGE_SIZE)));
  if (last <= 1 && state.page === 1) return null;
  const to = (page: number) => ({ ...state, page, expanded: [], article: undefined });
  const turn: Go = (next) => {
    go(next);
    document.getElementById('results-heading')?.scrollIntoView({ block: 'start' });
  };
  return (
    <nav class="pager" aria-label="Pages">
      {state.page > 1 ? (
        <Link to={to(state.page - 1)} go={turn} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {formatCount(state.page)} of {formatCount(last)}
      </span>
      {state.page < last ? (
        <Link to={to(state.page + 1)} go={turn} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
