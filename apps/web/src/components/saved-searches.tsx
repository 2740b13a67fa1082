import { useState } from 'preact/hooks';
import type { SavedFilters, SavedSearch, WebhookInput } from '../api';
import * as api from '../api';
import { formatDay, formatMoment, languageName } from '../format';
import { useLoad } from '../session';
import { type AppState, emptyFilters, FILTERS, type SearchState } from '../url-state';
import { type Go, Link } from './link';

/** The contract's filters for a search state: only what narrows it. */
function filtersOf(state: SearchState): SavedFilters {
  const out: SavedFilters = {};
  for (const name of FILTERS) if (state.filters[name].length) out[name] = state.filters[name];
  if (state.from) out.from = state.from;
  if (state.to) out.to = state.to;
  return out;
}

/** The app state that shows a saved search's results (a date-time bound keeps its day). */
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

/**
 * Saved searches (issue 18's contract, /v1/saved-searches): save the
 * current search with optional webhooks, list them with their Atom feed and
 * channels, open or delete one. A webhook's signing secret is shown once,
 * right after it is created: the API never shows it again.
 */
export function SavedSearches(props: { state: AppState; go: Go }) {
  const { state, go } = props;
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<SavedSearch>();
  const list = useLoad(`saved:${version}`, (signal) => api.savedSearches(signal));
  const back = { ...state, saved: false };
  const refresh = () => setVersion((v) => v + 1);
  return (
    <section class="saved" aria-labelledby="saved-heading">
      <p>
        <Link to={back} go={go} class="back">
          ← Back to results
        </Link>
      </p>
      <h2 id="saved-heading">Saved searches</h2>
      <SaveForm
        state={state}
        onSaved={(saved) => {
          setCreated(saved);
          refresh();
        }}
      />
      {created && <Secrets saved={created} onDone={() => setCreated(undefined)} />}
      {list.status === 'loading' && (
        <p class="status" role="status">
          Loading saved searches…
        </p>
      )}
      {list.status === 'error' && (
        <p class="notice error" role="alert">
          {list.error instanceof api.ApiError && list.error.status === 404
            ? 'This server does not offer saved searches yet.'
            : `Saved searches could not be loaded: ${api.explain(list.error)}`}
        </p>
      )}
      {list.status === 'done' && list.value.length === 0 && (
        <p class="notice empty">No saved searches yet. Save the current search above.</p>
      )}
      {list.status === 'done' && list.value.length > 0 && (
        <ul class="saved-list">
          {list.value.map((saved) => (
            <SavedItem key={saved.id} saved={saved} go={go} onDeleted={refresh} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SaveForm(props: { state: AppState; onSaved(saved: SavedSearch): void }) {
  const { state } = props;
  const [name, setName] = useState(state.q);
  const [webhook, setWebhook] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const filters = filtersOf(state);
  return (
    <form
      class="save-form"
      aria-labelledby="save-heading"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          const channels: WebhookInput[] = webhook.trim() ? [{ type: 'webhook', url: webhook.trim() }] : [];
          props.onSaved(
            await api.createSavedSearch({
              name: name.trim() || describe(state.q, filters).slice(0, 200),
              q: state.q,
              filters,
              channels,
            }),
          );
          setWebhook('');
        } catch (err) {
          setError(api.explain(err as Error));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id="save-heading">Save the current search</h3>
      <p class="hint">{describe(state.q, filters)}</p>
      <label for="save-name">Name</label>
      <input
        id="save-name"
        value={name}
        maxLength={200}
        placeholder={describe(state.q, filters).slice(0, 60)}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <label for="save-webhook">Webhook URL (optional)</label>
      <input
        id="save-webhook"
        type="url"
        inputMode="url"
        value={webhook}
        maxLength={2048}
        placeholder="https://example.com/hooks/tidings"
        aria-describedby="save-webhook-help"
        onInput={(event) => setWebhook(event.currentTarget.value)}
      />
      <p id="save-webhook-help" class="hint">
        Each new matching story is POSTed there as JSON, signed with a secret shown once after saving.
      </p>
      {error && (
        <p class="notice error" role="alert">
          Not saved: {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save search'}
      </button>
    </form>
  );
}

/** The webhook secrets of a saved search just created: the only time the API gives them. */
function Secrets(props: { saved: SavedSearch; onDone(): void }) {
  const withSecret = props.saved.channels.filter((c) => c.secret);
  if (withSecret.length === 0) return null;
  return (
    <div class="notice warning" role="alert">
      <p>
        Saved “{props.saved.name}”. Copy the signing secret of each webhook now: it will not be shown again.
      </p>
      <dl>
        {withSecret.map((channel) => (
          <div key={channel.url}>
            <dt>{channel.url}</dt>
            <dd>
              <code>{channel.secret}</code>
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}

function SavedItem(props: { saved: SavedSearch; go: Go; onDeleted(): void }) {
  const { saved, go } = props;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const feed = api.feedUrl(saved);
  const headingId = `saved-${saved.id}`;
  return (
    <li class="saved-item">
      <h3 id={headingId}>
        <Link to={stateOf(saved)} go={go}>
          {saved.name}
        </Link>
      </h3>
      <p class="meta">
        <span>{describe(saved.q, saved.filters)}</span>
        <span>
          saved <time dateTime={saved.createdAt}>{formatMoment(saved.createdAt)}</time>
        </span>
      </p>
      <p class="feed">
        <a href={feed}>Atom feed</a>{' '}
        <label>
          <span class="visually-hidden">Atom feed address of {saved.name}</span>
          <input
            type="text"
            readOnly
            value={feed}
            onFocus={(event) => event.currentTarget.select()}
            class="feed-url"
          />
        </label>
      </p>
      {saved.channels.length > 0 && (
        <div class="channels">
          <p>Webhooks:</p>
          <ul>
            {saved.channels.map((channel) => (
              <li key={channel.url}>
                <code>{channel.url}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p class="notice error" role="alert">
          Not deleted: {error}
        </p>
      )}
      {confirming ? (
        <p class="confirm">
          Delete “{saved.name}” and its alerts?{' '}
          <button
            type="button"
            class="danger"
            onClick={async () => {
              try {
                await api.deleteSavedSearch(saved.id);
                props.onDeleted();
              } catch (err) {
                setError(api.explain(err as Error));
                setConfirming(false);
              }
            }}
          >
            Delete
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </p>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
    </li>
  );
}
