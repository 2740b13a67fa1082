import { useEffect, useState } from 'preact/hooks';
import type { Alert, SavedSearch } from '../api';
import * as api from '../api';
import { formatMoment, languageName } from '../format';
import { parseSnippet } from '../snippet';
import type { AppState } from '../url-state';
import { type Go, Link } from './link';

/** Alerts kept on screen; the Atom feed has the search's latest 50 too. */
const KEPT = 50;

type Status = 'connecting' | 'live' | 'reconnecting' | 'closed';

const SAID: Record<Status, string> = {
  connecting: 'Connecting…',
  live: 'Watching: new matching stories appear here as they arrive.',
  reconnecting: 'The connection dropped; reconnecting…',
  closed: 'The server closed the stream (was the search deleted?). Press “Watch live” twice to try again.',
};

/**
 * A saved search's live stream (`GET /v1/stream?savedSearch=…&key=…`,
 * server-sent events): one entry per new matching story, newest first, for
 * as long as it is shown. EventSource reconnects by itself and sends the
 * last alert's id, so alerts made while it was away are sent on return.
 */
export function LiveAlerts(props: { id: string; saved: SavedSearch; state: AppState; go: Go }) {
  const { saved, state, go } = props;
  const [status, setStatus] = useState<Status>('connecting');
  const [alerts, setAlerts] = useState<Alert[]>([]);

  useEffect(() => {
    setStatus('connecting');
    const source = new EventSource(api.streamUrl(saved));
    source.addEventListener('ready', () => setStatus('live'));
    source.addEventListener('article', (event) => {
      const alert = api.parseAlert((event as MessageEvent<string>).data);
      if (alert) setAlerts((shown) => [alert, ...shown.filter((a) => a.id !== alert.id)].slice(0, KEPT));
    });
    source.addEventListener('error', () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'),
    );
    return () => source.close();
  }, [saved.id, saved.feedKey]);

  return (
    <section id={props.id} class="live" aria-labelledby={`${props.id}-heading`}>
      <h5 id={`${props.id}-heading`}>Live: {saved.name}</h5>
      <p class="status" role="status">
        {SAID[status]}
      </p>
      {/* role="log": a screen reader reads each new entry as it comes, once. */}
      <div role="log" aria-labelledby={`${props.id}-heading`}>
        <ol class="live-alerts">
          {alerts.map(({ id, article, matchedAt }) => (
            <li key={id} class="live-alert" data-alert-id={id} data-article-id={article.id}>
              <Link to={{ ...state, article: article.id, saved: false }} go={go} lang={article.language}>
                {article.title || '(untitled)'}
              </Link>
              <p class="meta">
                <span class="source">{article.source}</span>
                <span>
                  matched <time dateTime={matchedAt}>{formatMoment(matchedAt)}</time>
                </span>
                <span>{languageName(article.language)}</span>
              </p>
              {article.snippet && (
                <p class="snippet" lang={article.language}>
                  {parseSnippet(article.snippet).map((part, i) =>
                    // The parts of one snippet never move: their index is their key.
                    part.mark ? <mark key={i}>{part.text}</mark> : part.text,
                  )}
                </p>
              )}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
