// Who is signed in. The last signed-in user is kept on the phone, so work goes on offline;
// the server's session cookie is what the sync needs, and a 401 asks for the password again.
import { ApiError, request, setCsrfToken } from './api.js';
import { deleteMeta, getMeta, setMeta } from './store/meta.js';
import { clearScope } from './store/pulled.js';

/**
 * @typedef {Object} User
 * @property {number} id
 * @property {string} username
 * @property {string} name
 * @property {string} role
 * @property {string|null} enterprise_code
 * @property {string[]} grids
 */

/** The user this phone works for, or null (from storage: works offline). @returns {Promise<User|null>} */
export async function currentUser() {
  return (await getMeta('user')) || null;
}

async function remember(body) {
  const scopeOwner = await getMeta('scope_user');
  if (scopeOwner !== undefined && scopeOwner !== body.user.id) {
    // Another person's enterprises and templates must not show; their drafts and outbox stay, marked as theirs.
    await clearScope();
  }
  await setMeta('scope_user', body.user.id);
  await setMeta('user', body.user);
  setCsrfToken(body.csrf_token);
  return body.user;
}

/** Sign in through the session API. @returns {Promise<User>} */
export async function signIn(username, password) {
  return remember(await request('POST', '/api/v1/session', { json: { username, password } }));
}

/**
 * Check the server session and get a CSRF token. Resolves to the user, or throws ApiError
 * (401: sign in again; status 0: offline, keep working).
 */
export async function refreshSession() {
  return remember(await request('GET', '/api/v1/session'));
}

/** Sign out on the server (when reachable) and on the phone. Drafts and the outbox are kept. */
export async function signOut() {
  try {
    await request('DELETE', '/api/v1/session');
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // Offline or already signed out: the phone forgets the user either way.
  }
  setCsrfToken(null);
  await deleteMeta('user');
}
