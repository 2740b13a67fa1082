import { useRef, useState } from 'preact/hooks';
import type { FacetName, SearchResult } from '../api';
import { formatCount, formatDay, formatMonth, languageName, plural } from '../format';
import { type Bucket, buckets } from '../histogram';
import { type AppState, type FilterName, toggleFilter, withRange } from '../url-state';
import type { Go } from './link';

const TITLES: Record<FilterName, string> = {
  source: 'Source',
  language: 'Language',
  person: 'People',
  place: 'Places',
  org: 'Organisations',
};
/** Values shown before "Show all". */
const SHORT_LIST = 8;

/** The filters: a checkbox list per facet with its counts, and the date histogram. */
export function Facets(props: { state: AppState; result: SearchResult | undefined; go: Go }) {
  const { state, result, go } = props;
  return (
    <>
      <DateFacet state={state} days={result?.facets.day ?? {}} go={go} />
      {(Object.keys(TITLES) as FilterName[]).map((name) => (
        <FacetList
          key={name}
          name={name}
          counts={result?.facets[name as FacetName] ?? {}}
          selected={state.filters[name]}
          onToggle={(value) => go(toggleFilter({ ...state, expanded: [], article: undefined }, name, value))}
        />
      ))}
    </>
  );
}

function FacetList(props: {
  name: FilterName;
  counts: Record<string, number>;
  selected: string[];
  onToggle(value: string): void;
}) {
  const [all, setAll] = useState(false);
  const { name, counts, selected } = props;
  // Chosen values first (they may have no count: a link from elsewhere), then by count.
  const values = [
    ...selected,
    ...Object.entries(counts)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([value]) => value)
      .filter((value) => !selected.includes(value)),
  ];
  if (values.length === 0) return null;
  const shown = all ? values : values.slice(0, Math.max(SHORT_LIST, selected.length));
  const label = (value: string) => (name === 'language' ? languageName(value) : value);
  return (
    <fieldset class="facet">
      <legend>{TITLES[name]}</legend>
      <ul>
        {shown.map((value) => (
          <li key={value}>
            <label>
              <input
                type="checkbox"
                name={name}
                value={value}
                checked={selected.includes(value)}
                onChange={() => props.onToggle(value)}
              />
              <span class="value">{label(value)}</span>
              {counts[value] !== undefined && <span class="count">{formatCount(counts[value])}</span>}
            </label>
          </li>
        ))}
      </ul>
      {values.length > shown.length || all ? (
        <button type="button" class="link-button" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${formatCount(values.length)}`}
        </button>
      ) : null}
    </fieldset>
  );
}

const bucketLabel = (bucket: Bucket) =>
  bucket.unit === 'day'
    ? formatDay(bucket.from)
    : bucket.unit === 'month'
      ? formatMonth(bucket.from)
      : `${formatDay(bucket.from)} – ${formatDay(bucket.to)}`;

/**
 * Stories per day (or week, or month) as bars; a click narrows the search
 * to the bar's days. One tab stop: ← and → move between the bars.
 */
function DateFacet(props: { state: AppState; days: Record<string, number>; go: Go }) {
  const { state, go } = props;
  const bars = buckets(props.days);
  const [focused, setFocused] = useState(0);
  const group = useRef<HTMLDivElement>(null);
  const highest = Math.max(1, ...bars.map((b) => b.count));
  const current = Math.min(focused, Math.max(0, bars.length - 1));
  const narrow = (from?: string, to?: string) =>
    go(withRange({ ...state, expanded: [], article: undefined }, from, to));
  const move = (to: number) => {
    const index = Math.min(Math.max(to, 0), bars.length - 1);
    setFocused(index);
    group.current?.querySelectorAll<HTMLButtonElement>('button')[index]?.focus();
  };
  return (
    <fieldset class="facet dates">
      <legend>Published</legend>
      {bars.length > 0 && (
        <>
          {/* biome-ignore lint/a11y/useSemanticElements: a row of bars laid out by flexbox, inside the facet's fieldset; the group names it. */}
          <div
            class="histogram"
            role="group"
            aria-label={`Stories per ${bars[0]!.unit}; choose one to narrow the dates`}
            ref={group}
            onKeyDown={(event) => {
              const steps: Record<string, number> = {
                ArrowLeft: -1,
                ArrowRight: 1,
                Home: -bars.length,
                End: bars.length,
              };
              const step = steps[event.key];
              if (step === undefined) return;
              event.preventDefault();
              move(current + step);
            }}
          >
            {bars.map((bar, i) => (
              <button
                key={bar.from}
                type="button"
                class="bar"
                tabIndex={i === current ? 0 : -1}
                title={`${bucketLabel(bar)}: ${plural(bar.count, 'story', 'stories')}`}
                aria-label={`${bucketLabel(bar)}: ${plural(bar.count, 'story', 'stories')}`}
                aria-pressed={state.from === bar.from && state.to === bar.to}
                data-from={bar.from}
                onFocus={() => setFocused(i)}
                onClick={() => narrow(bar.from, bar.to)}
              >
                <span class="fill" style={{ height: `${(bar.count / highest) * 100}%` }} />
              </button>
            ))}
          </div>
          <p class="axis" aria-hidden="true">
            <span>{bucketLabel(bars[0]!)}</span>
            {bars.length > 1 && <span>{bucketLabel(bars[bars.length - 1]!)}</span>}
          </p>
        </>
      )}
      <div class="range">
        <label>
          <span>From</span>
          <input
            type="date"
            value={state.from ?? ''}
            max={state.to}
            onChange={(event) => narrow(event.currentTarget.value || undefined, state.to)}
          />
        </label>
        <label>
          <span>To</span>
          <input
            type="date"
            value={state.to ?? ''}
            min={state.from}
            onChange={(event) => narrow(state.from, event.currentTarget.value || undefined)}
          />
        </label>
      </div>
    </fieldset>
  );
}
