import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { isAbort, UnauthorizedError } from './api';
import { Latest } from './latest';

/**
 * What every loader needs to know about the read token: `version` changes
 * when it does (everything loads again), `refused` reports a 401 (the app
 * then asks for the token).
 */
export interface Session {
  version: number;
  refused(): void;
}

export const SessionContext = createContext<Session>({ version: 0, refused: () => undefined });

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'error'; error: Error };

/**
 * `load` run for `key` (again whenever the key or the token changes; not at
 * all while the key is undefined), newest key only: an answer for a key the
 * view has moved on from is dropped.
 */
export function useLoad<T>(key: string | undefined, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const session = useContext(SessionContext);
  const latest = useMemo(() => new Latest(), []);
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<T> }>();
  // `load` is new on every render of its owner; the key says when it means something new.
  useEffect(() => {
    if (key === undefined) {
      latest.cancel();
      return;
    }
    setLoaded({ key, value: { status: 'loading' } });
    latest.run(load).then(
      (outcome) => {
        if (!outcome.stale) setLoaded({ key, value: { status: 'done', value: outcome.value } });
      },
      (error: Error) => {
        if (isAbort(error)) return;
        if (error instanceof UnauthorizedError) session.refused();
        setLoaded({ key, value: { status: 'error', error } });
      },
    );
  }, [key, session.version]);
  useEffect(() => () => latest.cancel(), [latest]);
  return loaded && loaded.key === key ? loaded.value : { status: 'loading' };
}
