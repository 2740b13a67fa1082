import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Shown when the API answers 401: the server wants its read token
 * (SEARCH_TOKEN). It is kept in this tab's sessionStorage and sent as a
 * Bearer token; it never goes into the URL.
 */
export function SignIn(props: { refusedBefore: boolean; onToken(token: string): void }) {
  const [token, setToken] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  return (
    <section class="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      <p>This server asks for its read token before it shows any article.</p>
      {props.refusedBefore && (
        <p class="notice error" role="alert">
          That token was refused. Check it and try again.
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) props.onToken(token.trim());
        }}
      >
        <label for="token">Read token</label>
        <input
          id="token"
          ref={input}
          type="password"
          autoComplete="off"
          required
          value={token}
          aria-describedby="token-help"
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <p id="token-help" class="hint">
          Kept in this browser tab only, until you close it or sign out.
        </p>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
