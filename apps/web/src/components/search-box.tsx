import type { Ref } from 'preact';
import { MAX_QUERY, type Sort } from '../url-state';

/**
 * The search form: answers as you type (the app limits how often it asks and drops stale
 * answers), `/` focuses it from anywhere, ↓ moves to the first result.
 */
export function SearchBox(props: {
  q: string;
  sort: Sort;
  inputRef: Ref<HTMLInputElement>;
  onType(q: string): void;
  onSort(sort: Sort): void;
  /** Enter, or ↓: go to the results. */
  onLeave(): void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for some browsers analysts use; the role works in all.
    <form
      class="search"
      role="search"
      aria-label="Articles"
      onSubmit={(event) => {
        event.preventDefault();
        props.onLeave();
      }}
    >
      <label for="q" class="visually-hidden">
        Search articles
      </label>
      <input
        id="q"
        ref={props.inputRef}
        type="search"
        name="q"
        value={props.q}
        maxLength={MAX_QUERY}
        placeholder="Search news — English, 한국어…"
        autoComplete="off"
        spellcheck={false}
        aria-keyshortcuts="/"
        aria-describedby="q-help"
        onInput={(event) => props.onType(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            props.onLeave();
          }
        }}
      />
      <span id="q-help" class="visually-hidden">
        Results update as you type. Press the down arrow to move to the results.
      </span>
      <label class="sort">
        <span>Sort</span>
        <select
          value={props.sort}
          onChange={(event) => props.onSort(event.currentTarget.value === 'recent' ? 'recent' : 'relevance')}
        >
          <option value="relevance">Best match</option>
          <option value="recent">Newest first</option>
        </select>
      </label>
    </form>
  );
}
