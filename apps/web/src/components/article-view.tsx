import { useEffect, useRef } from 'preact/hooks';
import type { Article } from '../api';
import * as api from '../api';
import { formatMoment, languageName } from '../format';
import { useLoad } from '../session';
import { type AppState, type FilterName, toggleFilter } from '../url-state';
import { type Go, Link } from './link';

/** Lead images are the publishers' own: shown only from web addresses, never `data:` or `javascript:`. */
const imageUrl = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** The article as the parser cleaned it, with where it came from and the rest of its story. */
export function ArticleView(props: { id: string; state: AppState; go: Go }) {
  const { id, state, go } = props;
  const loaded = useLoad(id, (signal) => api.article(id, signal));
  const back = { ...state, article: undefined };
  return (
    <section class="article-view" aria-labelledby="article-title">
      <p>
        <Link to={back} go={go} class="back">
          ← Back to results
        </Link>
      </p>
      {loaded.status === 'loading' && (
        <p class="status" role="status">
          Loading the article…
        </p>
      )}
      {loaded.status === 'error' && (
        <div class="notice error" role="alert">
          <h2 id="article-title">The article could not be loaded</h2>
          <p>
            {loaded.error instanceof api.ApiError && loaded.error.status === 404
              ? 'It is not in the index (any more).'
              : api.explain(loaded.error)}
          </p>
        </div>
      )}
      {loaded.status === 'done' && <ArticleBody article={loaded.value} state={state} go={go} />}
    </section>
  );
}

function ArticleBody(props: { article: Article; state: AppState; go: Go }) {
  const { article, state, go } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Opening an article moves the reader there, as a new page would.
    heading.current?.focus();
    document.title = `${article.title} – Tidings`;
  }, [article.id, article.title]);
  const paragraphs = article.text
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const image = imageUrl(article.leadImage);
  return (
    <article lang={article.language}>
      <header>
        <h2 id="article-title" tabIndex={-1} ref={heading}>
          {article.title || '(untitled)'}
        </h2>
        {article.subtitle && <p class="deck">{article.subtitle}</p>}
        {article.byline && <p class="byline">{article.byline}</p>}
        <p class="meta" lang="en">
          <span class="source">
            {article.url ? (
              <a href={article.url} rel="noopener noreferrer" target="_blank">
                {article.siteName ?? article.source}
                <span class="visually-hidden"> (original page, opens in a new tab)</span>
              </a>
            ) : (
              (article.siteName ?? article.source)
            )}
          </span>
          <span>
            Published <time dateTime={article.publishedAt}>{formatMoment(article.publishedAt)}</time>
            {article.dateZone && ` (its page gave no time zone: read as ${article.dateZone})`}
          </span>
          {article.updatedAt && article.updatedAt !== article.publishedAt && (
            <span>
              Updated <time dateTime={article.updatedAt}>{formatMoment(article.updatedAt)}</time>
            </span>
          )}
          <span>{languageName(article.language)}</span>
        </p>
      </header>
      {image && (
        <figure class="lead">
          <img src={image} alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async" />
        </figure>
      )}
      <Provenance article={article} />
      <div class="text">
        {paragraphs.map((p, i) => (
          // Paragraphs of one text never move: their index is their key.
          <p key={i}>{p}</p>
        ))}
      </div>
      {article.captions.length > 0 && (
        <section class="captions" aria-labelledby="captions-heading" lang={article.language}>
          <h3 id="captions-heading" lang="en">
            Image captions
          </h3>
          <ul>
            {article.captions.map((caption, i) => (
              <li key={i}>{caption}</li>
            ))}
          </ul>
        </section>
      )}
      <Entities article={article} state={state} go={go} />
      <OtherArticles article={article} state={state} go={go} />
    </article>
  );
}

/** Where the text came from, when it is not simply the page. */
function Provenance(props: { article: Article }) {
  const { article } = props;
  const notes: string[] = [];
  if (article.paywalled)
    notes.push(
      article.textSource === 'feed'
        ? 'The page is behind a paywall; this text is what the feed carried.'
        : 'The page is behind a paywall; this is its teaser.',
    );
  else if (article.textSource === 'feed')
    notes.push(article.url ? 'This text is what the feed carried.' : 'This item exists only in its feed.');
  if (article.truncated) notes.push('The text was cut to the size Tidings keeps.');
  if (notes.length === 0) return null;
  return (
    <p class="notice" lang="en">
      {notes.join(' ')}
    </p>
  );
}

const ENTITY_GROUPS: Array<{ name: FilterName; title: string; key: 'people' | 'places' | 'organizations' }> =
  [
    { name: 'person', title: 'People', key: 'people' },
    { name: 'place', title: 'Places', key: 'places' },
    { name: 'org', title: 'Organisations', key: 'organizations' },
  ];

/** Who and what the article mentions; each a search filter. */
function Entities(props: { article: Article; state: AppState; go: Go }) {
  const { article, state, go } = props;
  const groups = ENTITY_GROUPS.filter((g) => article[g.key].length > 0);
  if (groups.length === 0) return null;
  const base = { ...state, article: undefined, expanded: [] };
  return (
    <section class="entities" aria-labelledby="entities-heading" lang="en">
      <h3 id="entities-heading">Mentioned</h3>
      <dl>
        {groups.map((group) => (
          <div key={group.name}>
            <dt>{group.title}</dt>
            <dd>
              <ul class="chips">
                {article[group.key].map((value) => (
                  <li key={value}>
                    <Link
                      class="chip"
                      to={
                        state.filters[group.name].includes(value)
                          ? base
                          : toggleFilter(base, group.name, value)
                      }
                      go={go}
                      lang={article.language}
                      title={`Search stories mentioning ${value}`}
                    >
                      {value}
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The story's other articles (syndicated copies, rewrites), first reporter first. */
function OtherArticles(props: { article: Article; state: AppState; go: Go }) {
  const { article, state, go } = props;
  const story = useLoad(article.storyId, (signal) => api.story(article.storyId, signal));
  if (story.status !== 'done') return null;
  const others = story.value.articles.filter((a) => a.id !== article.id);
  if (others.length === 0) return null;
  return (
    <section class="story" aria-labelledby="story-heading" lang="en">
      <h3 id="story-heading">The same story elsewhere</h3>
      <ul>
        {others.map((a) => (
          <li key={a.id}>
            <Link to={{ ...state, article: a.id }} go={go} lang={a.language}>
              {a.title || '(untitled)'}
            </Link>{' '}
            <span class="meta">
              <span class="source">{a.siteName ?? a.source}</span>
              <time dateTime={a.publishedAt}>{formatMoment(a.publishedAt)}</time>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
