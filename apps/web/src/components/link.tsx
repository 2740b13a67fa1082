import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { type AppState, encodeState } from '../url-state';

/** How the app moves to another state: a new history entry, or (while typing) the current one rewritten. */
export type Go = (next: AppState, how?: 'push' | 'replace') => void;

/** The URL of a state: the app's own path with the state's query string. */
export const hrefOf = (state: AppState) => `${location.pathname}${encodeState(state)}`;

/**
 * A real link to another state of the app (it can be opened in a new tab,
 * copied, bookmarked), followed in place on a plain click.
 */
export function Link(
  props: { to: AppState; go: Go; children: ComponentChildren } & Omit<
    AnchorHTMLAttributes<HTMLAnchorElement>,
    'href' | 'onClick'
  >,
) {
  const { to, go, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={hrefOf(to)}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}
