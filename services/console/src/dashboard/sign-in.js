// Sign-in: the admin token or a virtual key, exchanged for an httpOnly session cookie (docs/dashboard.md, "Sign-in").
import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { sendJson } from './api.js';
import { withValue } from './dom-events.js';

/**
 * Who is signed in (GET /dashboard/session): 'admin', a 'virtual-key' (its `key_id`), 'open' (development mode) or
 * 'none'.
 * @typedef {{ kind: 'admin' | 'open' | 'none' } | { kind: 'virtual-key', key_id: string }} Session
 */

/** Who is signed in: undefined while loading; kind 'admin', 'virtual-key', 'open' (development mode) or 'none'. */
export function useSession() {
  const [session, setSession] = useState(/** @type {Session | undefined} */ (undefined));
  const reload = useCallback(() => {
    fetch('/dashboard/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then((response) => response.json())
      .then(setSession, () => setSession({ kind: 'none' }));
  }, []);
  useEffect(reload, [reload]);
  return { session, reload };
}

/** @param {{ onSignedIn: () => void }} props */
export function SignIn({ onSignedIn }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  /** @param {Event} event */
  const submit = (event) => {
    event.preventDefault();
    setError('');
    sendJson('POST', '/dashboard/session', { token: token.trim() }).then(onSignedIn, (failure) =>
      setError(failure.message),
    );
  };
  return html`<main class="sign-in">
    <form method="post" action="/dashboard/session" onSubmit=${submit}>
      <h1>Sluice</h1>
      <label>Admin token or virtual key
        <input type="password" name="token" autocomplete="current-password" required value=${token}
          onInput=${withValue(setToken)} />
      </label>
      <button type="submit">Sign in</button>
      <p class="hint">The admin token manages the gateway; a virtual key shows its own requests, read-only.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    </form>
  </main>`;
}
