import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { SavedFilters, SavedSearch } from '../api';
import * as api from '../api';
import { formatDay, formatMoment, languageName } from '../format';
import { draftOfSaved, draftOfSearch } from '../saved-draft';
import { SessionContext, useLoad } from '../session';
import { type AppState, emptyFilters, FILTERS } from '../url-state';
import { type Go, Link } from './link';
import { LiveAlerts } from './live-alerts';
import { type SavedSearchFields, SavedSearchForm } from './saved-search-form';

/** The app state that shows a saved search's results, newest first (a date-time bound keeps its day). */
function stateOf(saved: SavedSearch): AppState {
  const filters = emptyFilters();
  for (const name of FILTERS) filters[name] = saved.filters[name] ?? [];
  return {
    q: saved.q,
    filters,
    ...(saved.filters.from ? { from: saved.filters.from.slice(0, 10) } : {}),
    ...(saved.filters.to ? { to: saved.filters.to.slice(0, 10) } : {}),
    sort: 'recent',
    page: 1,
    expanded: [],
    saved: false,
  };
}

/** "“harbour” · Source: a.example · from 1 Jan 2026" */
function describe(q: string, filters: SavedFilters): string {
  const parts = [q ? `“${q}”` : 'everything'];
  for (const name of FILTERS)
    for (const value of filters[name] ?? []) parts.push(name === 'language' ? languageName(value) : value);
  if (filters.from) parts.push(`from ${formatDay(filters.from.slice(0, 10))}`);
  if (filters.to) parts.push(`until ${formatDay(filters.to.slice(0, 10))}`);
  return parts.join(' · ');
}

/** What was just done: a search saved or changed (with the webhook secrets its answer carried), or deleted. */
type Outcome = { verb: 'Saved' | 'Changed'; saved: SavedSearch } | { verb: 'Deleted'; name: string };

/**
 * Saved searches (`/v1/saved-searches`, docs/alerts.md): save the current
 * search with webhooks, list them with their Atom feed address, open one
 * (its results), edit, delete, or watch one live (its stream). A webhook's
 * signing secret is shown once, in the answer that made or renewed it: the
 * API never shows it again.
 */
export function SavedSearches(props: { state: AppState; go: Go }) {
  const { state, go } = props;
  const session = useContext(SessionContext);
  const [version, setVersion] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>();
  /** A new form (cleared) after each save. */
  const [formKey, setFormKey] = useState(0);
  const list = useLoad(`saved:${version}`, (signal) => api.savedSearches(signal));
  const refresh = () => setVersion((v) => v + 1);
  /** Any call: a 401 brings up the sign-in, as for searches. */
  const guarded = async <T,>(call: Promise<T>): Promise<T> => {
    try {
      return await call;
    } catch (err) {
      if (err instanceof api.UnauthorizedError) session.refused();
      throw err;
    }
  };

  return (
    <section class="saved" aria-labelledby="saved-heading">
      <p>
        <Link to={{ ...state, saved: false }} go={go} class="back">
          ← Back to results
        </Link>
      </p>
      <h2 id="saved-heading">Saved searches</h2>
      <p class="hint">
        Tidings watches each saved search: every new story that matches goes to its webhooks, its Atom feed
        and its live view.
      </p>
      {outcome && <SavedNotice outcome={outcome} onDone={() => setOutcome(undefined)} />}
      <SavedSearchForm
        key={formKey}
        id="new-search"
        title="Save the current search"
        headingLevel={3}
        initial={draftOfSearch(state)}
        submitLabel="Save search"
        defaultName={(fields) => describe(fields.q, fields.filters)}
        onSubmit={async (fields: SavedSearchFields) => {
          const saved = await guarded(api.createSavedSearch(fields));
          setOutcome({ saved, verb: 'Saved' });
          setFormKey((k) => k + 1);
          refresh();
        }}
      />
      <h3 class="list-heading">Your saved searches</h3>
      {list.status === 'loading' && (
        <p class="status" role="status">
          Loading saved searches…
        </p>
      )}
      {list.status === 'error' && (
        <p class="notice error" role="alert">
          Saved searches could not be loaded: {api.explain(list.error)}
        </p>
      )}
      {list.status === 'done' && list.value.length === 0 && (
        <p class="notice empty">No saved searches yet. Save the current search above.</p>
      )}
      {list.status === 'done' && list.value.length > 0 && (
        <ul class="saved-list">
          {list.value.map((saved) => (
            <SavedItem
              key={saved.id}
              saved={saved}
              state={state}
              go={go}
              guarded={guarded}
              onChanged={(changed) => {
                setOutcome({ saved: changed, verb: 'Changed' });
                refresh();
              }}
              onDeleted={() => {
                setOutcome({ verb: 'Deleted', name: saved.name });
                refresh();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * "Saved …": and the signing secret of each webhook the answer made or
 * renewed, the only time the API gives it. It takes the focus, so that a
 * screen reader reads it and a keyboard is next to "Done".
 */
function SavedNotice(props: { outcome: Outcome; onDone(): void }) {
  const { outcome } = props;
  const name = outcome.verb === 'Deleted' ? outcome.name : outcome.saved.name;
  const withSecret = outcome.verb === 'Deleted' ? [] : outcome.saved.channels.filter((c) => c.secret);
  const box = useRef<HTMLDivElement>(null);
  // The focus comes here: the button that did it may be gone (a deleted search's).
  useEffect(() => box.current?.focus(), [outcome]);
  return (
    <div ref={box} class="notice success saved-notice" role="status" tabIndex={-1}>
      <p>
        {outcome.verb} “{name}”.
        {withSecret.length > 0 &&
          ` Copy the signing secret of ${withSecret.length === 1 ? 'its webhook' : 'each webhook'} now: it will not be shown again.`}
      </p>
      {withSecret.length > 0 && (
        <dl class="secrets">
          {withSecret.map((channel) => (
            <div key={channel.id}>
              <dt>{channel.url}</dt>
              <dd>
                <label>
                  <span class="visually-hidden">Signing secret of {channel.url}</span>
                  <input
                    class="secret"
                    type="text"
                    readOnly
                    value={channel.secret}
                    onFocus={(event) => event.currentTarget.select()}
                  />
                </label>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}

function SavedItem(props: {
  saved: SavedSearch;
  state: AppState;
  go: Go;
  guarded<T>(call: Promise<T>): Promise<T>;
  onChanged(saved: SavedSearch): void;
  onDeleted(): void;
}) {
  const { saved, go, guarded } = props;
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [watching, setWatching] = useState(false);
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState(false);
  const feed = api.feedUrl(saved);
  const id = `saved-${saved.id}`;
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  /** Where the focus goes when a form or question closes: the button that opened it. */
  const backTo = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (mode === 'confirm') confirmButton.current?.focus();
    if (mode === 'view' && backTo.current) {
      backTo.current.focus();
      backTo.current = null;
    }
  }, [mode]);
  const close = (button: HTMLButtonElement | null) => {
    backTo.current = button;
    setMode('view');
  };

  return (
    <li class="saved-item">
      <h4 id={`${id}-name`}>
        <Link to={stateOf(saved)} go={go}>
          {saved.name}
        </Link>
      </h4>
      <p class="meta">
        <span>{describe(saved.q, saved.filters)}</span>
        <span>
          saved <time dateTime={saved.createdAt}>{formatMoment(saved.createdAt)}</time>
        </span>
      </p>
      <div class="feed">
        <label for={`${id}-feed`}>Atom feed</label>
        <input
          id={`${id}-feed`}
          class="feed-url"
          type="text"
          readOnly
          value={feed}
          aria-describedby={`${id}-feed-hint`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          onClick={() => {
            const input = document.getElementById(`${id}-feed`) as HTMLInputElement;
            input.focus();
            input.select();
            // The clipboard is there on https and localhost; elsewhere the address stays selected to copy by hand.
            navigator.clipboard?.writeText(feed).then(
              () => setCopied(true),
              () => undefined,
            );
          }}
        >
          Copy<span class="visually-hidden"> the feed address of {saved.name}</span>
        </button>
        <span class="copied" role="status">
          {copied ? 'Copied.' : ''}
        </span>
        <p id={`${id}-feed-hint`} class="hint">
          For a feed reader: its key opens this feed without the read token, so keep the address to yourself.
        </p>
      </div>
      {saved.channels.length > 0 && (
        <div class="channels">
          <p>Webhooks:</p>
          <ul>
            {saved.channels.map((channel) => (
              <li key={channel.id}>
                <code>{channel.url}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {mode === 'edit' && (
        <SavedSearchForm
          id={`${id}-edit`}
          title={`Edit “${saved.name}”`}
          headingLevel={5}
          initial={draftOfSaved(saved)}
          before={saved}
          submitLabel="Save changes"
          autoFocus
          onCancel={() => close(editButton.current)}
          onSubmit={async (fields) => {
            const changed = await guarded(api.updateSavedSearch(saved.id, fields));
            close(null);
            props.onChanged(changed);
          }}
        />
      )}
      {mode === 'confirm' && (
        <p class="confirm">
          Delete “{saved.name}”, its feed and its alerts?{' '}
          <button
            type="button"
            class="danger"
            ref={confirmButton}
            onClick={async () => {
              try {
                await guarded(api.deleteSavedSearch(saved.id));
                props.onDeleted();
              } catch (err) {
                setError(`Not deleted: ${api.explain(err as Error)}`);
                close(deleteButton.current);
              }
            }}
          >
            Delete
          </button>{' '}
          <button type="button" onClick={() => close(deleteButton.current)}>
            Keep
          </button>
        </p>
      )}
      {mode === 'view' && (
        <div class="actions">
          <button
            type="button"
            aria-pressed={watching}
            aria-controls={watching ? `${id}-live` : undefined}
            onClick={() => setWatching(!watching)}
          >
            Watch live<span class="visually-hidden"> {saved.name}</span>
          </button>
          <button ref={editButton} type="button" onClick={() => setMode('edit')}>
            Edit<span class="visually-hidden"> {saved.name}</span>
          </button>
          <button ref={deleteButton} type="button" onClick={() => setMode('confirm')}>
            Delete…<span class="visually-hidden"> {saved.name}</span>
          </button>
        </div>
      )}
      {watching && <LiveAlerts id={`${id}-live`} saved={saved} state={props.state} go={go} />}
    </li>
  );
}
