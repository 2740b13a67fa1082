import { useEffect, useRef, useState } from 'preact/hooks';
import type { SavedFilters, SavedSearch, WebhookInput } from '../api';
import * as api from '../api';
import {
  channelsOf,
  type Draft,
  fieldOf,
  filtersOf,
  listProblem,
  MAX_WEBHOOKS,
  readableMessage,
  type WebhookDraft,
  webhookRow,
} from '../saved-draft';
import { FILTERS, type FilterName } from '../url-state';

const FILTER_LABELS: Record<FilterName, { label: string; hint: string }> = {
  source: { label: 'Sources', hint: 'hosts, e.g. news.example' },
  language: { label: 'Languages', hint: 'codes, e.g. en, ko' },
  person: { label: 'People', hint: 'all must be mentioned' },
  place: { label: 'Places', hint: 'all must be mentioned' },
  org: { label: 'Organisations', hint: 'all must be mentioned' },
};

/** What a form sends: the whole search, as POST takes it and PATCH replaces it. */
export interface SavedSearchFields {
  name: string;
  q: string;
  filters: SavedFilters;
  channels: WebhookInput[];
}

/** The field an error points at, and what to say there. */
interface FormError {
  message: string;
  field?: string;
}

/**
 * The form of a saved search, to save a new one or edit one: name, query,
 * filters and webhooks. The server is the judge of what is valid (one set of
 * rules): its 400 names the field, which is marked and focused, and its 409
 * (too many saved searches) is said as it is.
 */
export function SavedSearchForm(props: {
  /** Prefix of the fields' ids: one form per saved search may be open at once. */
  id: string;
  /** The form's heading, and its level where the form stands. */
  title: string;
  headingLevel: 3 | 5;
  initial: Draft;
  /** The saved search edited (its date-time bounds are kept when their day is). */
  before?: SavedSearch;
  submitLabel: string;
  /** The name when none is typed (a new search is named after its query). */
  defaultName?: (fields: SavedSearchFields) => string;
  onSubmit(fields: SavedSearchFields): Promise<void>;
  onCancel?(): void;
  /** Focus the first field when the form opens (an edit form opened by a click). */
  autoFocus?: boolean;
}) {
  const { id } = props;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h5';
  const [draft, setDraft] = useState<Draft>(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>();
  const form = useRef<HTMLFormElement>(null);
  const focusAfter = useRef<string>();

  useEffect(() => {
    if (props.autoFocus) form.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);
  // After rows change or an error is shown: the field asked for gets the focus.
  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = undefined;
  });

  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const setRow = (key: number, change: Partial<WebhookDraft>) =>
    set({ webhooks: draft.webhooks.map((row) => (row.key === key ? { ...row, ...change } : row)) });
  const fieldId = (field: string) => `${id}-${field}`;
  const invalid = (field: string) => error?.field === field;
  /** The attributes tying a field to the error about it. */
  const errorProps = (field: string) =>
    invalid(field) ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

  const submit = async (event: Event) => {
    event.preventDefault();
    const badList = listProblem(draft);
    if (badList) {
      showError({ message: `${FILTER_LABELS[badList.field].label}: ${badList.error}`, field: badList.field });
      return;
    }
    const { channels, rows } = channelsOf(draft);
    const fields: SavedSearchFields = {
      name: draft.name.trim(),
      q: draft.q,
      filters: filtersOf(draft, props.before?.filters),
      channels,
    };
    if (!fields.name && props.defaultName) fields.name = props.defaultName(fields).slice(0, 200);
    if (!fields.name) {
      showError({ message: 'Name: give the search a name', field: 'name' });
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(fields);
    } catch (err) {
      showError(formError(err as Error, rows));
    } finally {
      setBusy(false);
    }
  };
  const showError = (e: FormError) => {
    setError(e);
    focusAfter.current = e.field ? fieldId(e.field) : `${id}-error`;
  };

  return (
    <form ref={form} class="saved-form" aria-labelledby={`${id}-heading`} onSubmit={submit} noValidate>
      <Heading id={`${id}-heading`}>{props.title}</Heading>
      {error && (
        <p id={`${id}-error`} class="notice error" role="alert" tabIndex={-1}>
          {error.message}
        </p>
      )}
      <div class="field">
        <label for={fieldId('name')}>Name</label>
        <input
          id={fieldId('name')}
          value={draft.name}
          maxLength={200}
          onInput={(e) => set({ name: e.currentTarget.value })}
          {...errorProps('name')}
        />
      </div>
      <div class="field">
        <label for={fieldId('q')}>Query</label>
        <input
          id={fieldId('q')}
          type="search"
          value={draft.q}
          maxLength={512}
          aria-describedby={invalid('q') ? `${id}-error` : `${id}-q-hint`}
          aria-invalid={invalid('q') || undefined}
          onInput={(e) => set({ q: e.currentTarget.value })}
        />
        <p id={`${id}-q-hint`} class="hint">
          Empty: every new article that passes the filters.
        </p>
      </div>
      <fieldset class="filters-fields">
        <legend>Filters</legend>
        <p class="hint">
          Several values: separate them with commas; put a value that holds a comma in double quotes ("Samsung
          Electronics Co., Ltd.").
        </p>
        {FILTERS.map((name) => (
          <div class="field" key={name}>
            <label for={fieldId(name)}>
              {FILTER_LABELS[name].label} <span class="hint">({FILTER_LABELS[name].hint})</span>
            </label>
            <input
              id={fieldId(name)}
              value={draft.lists[name]}
              onInput={(e) => set({ lists: { ...draft.lists, [name]: e.currentTarget.value } })}
              {...errorProps(name)}
            />
          </div>
        ))}
        <div class="date-fields">
          <div class="field">
            <label for={fieldId('from')}>From</label>
            <input
              id={fieldId('from')}
              type="date"
              value={draft.from}
              onInput={(e) => set({ from: e.currentTarget.value })}
              {...errorProps('from')}
            />
          </div>
          <div class="field">
            <label for={fieldId('to')}>To</label>
            <input
              id={fieldId('to')}
              type="date"
              value={draft.to}
              onInput={(e) => set({ to: e.currentTarget.value })}
              {...errorProps('to')}
            />
          </div>
        </div>
      </fieldset>
      <fieldset class="webhooks" id={fieldId('webhooks')} tabIndex={-1} {...errorProps('webhooks')}>
        <legend>Webhooks</legend>
        <p class="hint">
          Each new matching story is POSTed to each webhook as JSON, signed with the webhook's own secret
          (shown once, when it is made or renewed).
        </p>
        {draft.webhooks.length > 0 && (
          <ul>
            {draft.webhooks.map((row, i) => (
              <li key={row.key} class="webhook-row">
                {row.existing ? (
                  <>
                    <code id={fieldId(`webhook-${i}`)} tabIndex={-1}>
                      {row.url}
                    </code>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={row.rotate}
                        onChange={(e) => setRow(row.key, { rotate: e.currentTarget.checked })}
                      />{' '}
                      New secret
                      <span class="visually-hidden"> for {row.url}</span>
                    </label>
                  </>
                ) : (
                  <>
                    <label for={fieldId(`webhook-${i}`)} class="visually-hidden">
                      Webhook {i + 1} URL
                    </label>
                    <input
                      id={fieldId(`webhook-${i}`)}
                      type="url"
                      inputMode="url"
                      value={row.url}
                      maxLength={2048}
                      placeholder="https://example.com/hooks/tidings"
                      onInput={(e) => setRow(row.key, { url: e.currentTarget.value })}
                      {...errorProps(`webhook-${i}`)}
                    />
                  </>
                )}
                <button
                  type="button"
                  onClick={() => {
                    const rest = draft.webhooks.filter((r) => r.key !== row.key);
                    set({ webhooks: rest });
                    // The focus goes to the next row's button, or "Add a webhook" after the last.
                    focusAfter.current = rest.length
                      ? fieldId(`remove-${Math.min(i, rest.length - 1)}`)
                      : fieldId('add');
                  }}
                  id={fieldId(`remove-${i}`)}
                >
                  Remove<span class="visually-hidden"> webhook {row.url || i + 1}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {draft.webhooks.length < MAX_WEBHOOKS && (
          <button
            type="button"
            id={fieldId('add')}
            onClick={() => {
              focusAfter.current = fieldId(`webhook-${draft.webhooks.length}`);
              set({ webhooks: [...draft.webhooks, webhookRow()] });
            }}
          >
            Add a webhook
          </button>
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** What to say about a failed save, and where. */
function formError(error: Error, rows: number[]): FormError {
  if (error instanceof api.ApiError && error.status === 409)
    return { message: `Not saved, the server keeps no more: ${api.explain(error)}.` };
  if (error instanceof api.ApiError && error.status === 400 && error.body) {
    const where = error.body.field ? fieldOf(error.body.field, rows) : undefined;
    return {
      message: `Not saved: ${readableMessage(error.body.message, rows)}`,
      ...(where ? { field: where.field } : {}),
    };
  }
  return { message: `Not saved: ${api.explain(error)}` };
}
