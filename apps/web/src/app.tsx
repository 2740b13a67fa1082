import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SearchResult } from './api';
import * as api from './api';
import { ArticleView } from './components/article-view';
import { Facets } from './components/facets';
import type { Go } from './components/link';
import { Results } from './components/results';
import { SavedSearches } from './components/saved-searches';
import { SearchBox } from './components/search-box';
import { SignIn } from './components/sign-in';
import { debounce, Latest, throttle } from './latest';
import { type Session, SessionContext } from './session';
import {
  type AppState,
  decodeState,
  encodeState,
  isFiltered,
  pickSearch,
  type SearchState,
  searchKey,
} from './url-state';

/**
 * A keystroke asks at once, then at most once per this interval: a fast
 * typist or a paste does not send the API a search per character, and the
 * analyst who types at a normal pace waits for no timer.
 */
export const TYPING_INTERVAL_MS = 50;
/**
 * The address bar follows the typing once it pauses this long: browsers
 * limit how often a page may rewrite it (Safari refuses past 100 times in
 * 30 s), and the rewrite is work done on the keystroke's path.
 */
export const ADDRESS_PAUSE_MS = 300;

/**
 * The analysts' app. All of its state is the URL's query string
 * (url-state.ts): typing rewrites the current history entry, everything else
 * adds one, and Back and Forward replay them.
 */
export function App() {
  const [state, setState] = useState<AppState>(() => decodeState(location.search));
  const [auth, setAuth] = useState({ version: 0, needed: false, refusedBefore: false });
  const [hasToken, setHasToken] = useState(() => Boolean(api.readToken()));
  const [filtersOpen, setFiltersOpen] = useState(false);
  const searchInput = useRef<HTMLInputElement>(null);
  /** The last change was a keystroke in the search box: the next one rewrites its history entry. */
  const typing = useRef(false);

  /** The typed state's address, written once typing pauses (into the entry typing started). */
  const typedAddress = useMemo(
    () => debounce((url: string) => history.replaceState(null, '', url), ADDRESS_PAUSE_MS),
    [],
  );
  const navigate = useCallback(
    (next: AppState, how: 'push' | 'replace' | 'typed') => {
      const url = `${location.pathname}${encodeState(next)}`;
      if (how === 'typed') typedAddress.call(url);
      else {
        // The typing entry gets its last text before another entry is added or this one rewritten.
        typedAddress.flush();
        if (how === 'push') history.pushState(null, '', url);
        else history.replaceState(null, '', url);
      }
      setState(next);
    },
    [typedAddress],
  );
  const go = useCallback<Go>(
    (next, how = 'push') => {
      typing.current = false;
      navigate(next, how);
    },
    [navigate],
  );
  const onType = (q: string) => {
    const next: AppState = { ...state, q, page: 1, expanded: [], article: undefined, saved: false };
    // Asked before anything is drawn for the keystroke: the request is on its way while the page updates.
    search.type(next);
    navigate(next, typing.current ? 'typed' : 'push');
    typing.current = true;
  };

  useEffect(() => {
    const onPop = () => {
      typing.current = false;
      // The entry shown is another one now: a typed address still waiting must not be written into it.
      typedAddress.cancel();
      setState(decodeState(location.search));
    };
    // Leaving (a reload, a closed tab) within the pause: the address gets the last keystrokes first.
    const onLeave = () => typedAddress.flush();
    addEventListener('popstate', onPop);
    addEventListener('pagehide', onLeave);
    return () => {
      removeEventListener('popstate', onPop);
      removeEventListener('pagehide', onLeave);
      typedAddress.cancel();
    };
  }, [typedAddress]);

  const session: Session = useMemo(
    () => ({
      version: auth.version,
      refused: () =>
        setAuth((a) => (a.needed ? a : { ...a, needed: true, refusedBefore: Boolean(api.readToken()) })),
    }),
    [auth.version],
  );
  const signIn = (token: string) => {
    api.saveToken(token);
    setHasToken(true);
    setAuth((a) => ({ version: a.version + 1, needed: false, refusedBefore: false }));
  };
  const signOut = () => {
    api.forgetToken();
    setHasToken(false);
    setAuth((a) => ({ version: a.version + 1, needed: false, refusedBefore: false }));
  };

  const search = useSearch(state, session);

  // `/` focuses the search box from anywhere but a field; Escape closes the article or panel.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const inField = (event.target as Element | null)?.closest?.(
        'input, textarea, select, [contenteditable]',
      );
      if (event.key === '/' && !inField) {
        event.preventDefault();
        searchInput.current?.focus();
        searchInput.current?.select();
      } else if (event.key === 'Escape' && !inField && (state.article || state.saved)) {
        go({ ...state, article: undefined, saved: false });
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [state, go]);

  useEffect(() => {
    if (!state.article) document.title = state.q ? `${state.q} – Tidings` : 'Tidings';
  }, [state.q, state.article]);

  // Back from an article: the reader lands on the result they opened.
  const opened = useRef<string>();
  useEffect(() => {
    if (state.article) opened.current = state.article;
    else if (opened.current) {
      document.querySelector<HTMLElement>(`[data-hit-id="${opened.current}"]`)?.focus();
      opened.current = undefined;
    }
  }, [state.article]);

  const toResults = () =>
    document.querySelector<HTMLElement>('a.hit-link')?.focus() ??
    document.getElementById('results-heading')?.scrollIntoView();

  const filterCount =
    Object.values(state.filters).reduce((n, values) => n + values.length, 0) +
    (state.from || state.to ? 1 : 0);

  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">
        Skip to results
      </a>
      <header class="top">
        <h1 class="brand">
          <a
            href={location.pathname}
            onClick={(event) => {
              event.preventDefault();
              go(decodeState(''));
            }}
          >
            Tidings
          </a>
        </h1>
        <SearchBox
          q={state.q}
          sort={state.sort}
          inputRef={searchInput}
          onType={onType}
          onSort={(sort) => go({ ...state, sort, page: 1, article: undefined })}
          onLeave={toResults}
        />
        <nav class="app-nav" aria-label="Account and saved searches">
          <a
            href={`${location.pathname}${encodeState({ ...state, saved: true, article: undefined })}`}
            aria-current={state.saved ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              go({ ...state, saved: true, article: undefined });
            }}
          >
            Saved searches
          </a>
          {hasToken && (
            <button type="button" class="link-button" onClick={signOut}>
              Sign out
            </button>
          )}
        </nav>
      </header>
      <div class="layout">
        <aside class={`filters${filtersOpen ? ' open' : ''}`} aria-label="Filters">
          <button
            type="button"
            class="filters-toggle"
            aria-expanded={filtersOpen}
            aria-controls="filter-lists"
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            Filters{filterCount > 0 ? ` (${filterCount})` : ''}
          </button>
          <div id="filter-lists" class="filter-lists">
            <Facets state={state} result={search.result?.value} go={go} />
          </div>
        </aside>
        <main id="main" tabIndex={-1}>
          {auth.needed ? (
            <SignIn refusedBefore={auth.refusedBefore} onToken={signIn} />
          ) : state.saved ? (
            <SavedSearches state={state} go={go} />
          ) : state.article ? (
            <ArticleView id={state.article} state={state} go={go} />
          ) : (
            <Results
              state={state}
              result={search.result}
              error={search.error}
              pending={search.pending}
              go={go}
              retry={search.retry}
            />
          )}
        </main>
      </div>
      <footer class="foot">
        <p>
          {isFiltered(state) || state.q ? 'Share this search: copy the address bar. ' : ''}Press <kbd>/</kbd>{' '}
          to search, <kbd>↑</kbd> <kbd>↓</kbd> to move through results, <kbd>Enter</kbd> to open.
        </p>
      </footer>
    </SessionContext.Provider>
  );
}

/**
 * The search behind the results and facets. Typing asks through `type`, at
 * once and then at most once per {@link TYPING_INTERVAL_MS}; any other change
 * of the search part of the state (a click, Back, sign-in, "try again") asks
 * at once. Only the newest answer is ever shown.
 */
function useSearch(state: AppState, session: Session) {
  const latest = useMemo(() => new Latest(), []);
  const [result, setResult] = useState<{ q: string; value: SearchResult }>();
  const [error, setError] = useState<Error>();
  const [pending, setPending] = useState(true);
  const [attempt, setAttempt] = useState(0);
  // Read when an answer comes, so a search asked before a sign-in reports to the current session.
  const current = useRef({ session, attempt });
  current.current = { session, attempt };
  /** What the newest search asked (or typed and held back) was: its search state, sign-in and attempt. */
  const wanted = useRef<string>();
  const identify = (searched: SearchState) =>
    `${current.current.session.version}:${current.current.attempt}:${searchKey(searched)}`;

  const ask = useCallback(
    (searched: SearchState) => {
      const asked = pickSearch(searched);
      // For `pnpm bench:web`: when the request leaves and its answer is read (the results mark,
      // once they are drawn, is in components/results.tsx).
      performance.mark('tidings:search', { detail: { q: asked.q } });
      latest
        .run((signal) => api.search(asked, signal))
        .then(
          (outcome) => {
            if (outcome.stale) return;
            performance.mark('tidings:answer', { detail: { q: asked.q } });
            setResult({ q: asked.q, value: outcome.value });
            setError(undefined);
            setPending(false);
          },
          (err: Error) => {
            if (api.isAbort(err)) return;
            if (err instanceof api.UnauthorizedError) current.current.session.refused();
            setError(err);
            setPending(false);
          },
        );
    },
    [latest],
  );
  const typed = useMemo(() => throttle(ask, TYPING_INTERVAL_MS), [ask]);

  const id = identify(state);
  // A layout effect, so a click's request starts as it is drawn, not a frame later.
  useLayoutEffect(() => {
    if (wanted.current === id) return;
    wanted.current = id;
    typed.cancel();
    setPending(true);
    ask(state);
  }, [id]);
  useEffect(
    () => () => {
      latest.cancel();
      typed.cancel();
    },
    [latest, typed],
  );
  return {
    result,
    error,
    pending,
    /** The analyst typed: `next` is the state their keystroke makes. */
    type(next: AppState) {
      wanted.current = identify(next);
      setPending(true);
      typed.call(next);
    },
    retry: () => setAttempt((n) => n + 1),
  };
}
