// Talking to the server: JSON requests, the CSRF header, and errors in the contract's shape. No DOM, no storage.

/** A failed request: ``status`` 0 means the network (or the server) could not be reached. */
export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    // How long the server asked to be left alone (Retry-After on a 429 or 503), in milliseconds.
    this.retryAfterMs = 0;
  }

  /** Nothing was decided by the server: no network, the server down or overloaded. Try again later. */
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  get signedOut() {
    return this.status === 401;
  }
}

let csrfToken = null;

/** The CSRF token of the current session (from the session API). */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function hasCsrfToken() {
  return Boolean(csrfToken);
}

/** Headers a state-changing request outside the JSON API needs (the language switch). */
export function csrfHeaders() {
  return csrfToken ? { 'X-CSRFToken': csrfToken } : {};
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page: the status alone must do.
  }
  const error = body && body.error;
  const failure = new ApiError(response.status, (error && error.code) || `http_${response.status}`,
    (error && error.message) || response.statusText || `HTTP ${response.status}`, (error && error.field) || null);
  const seconds = Number(response.headers.get('Retry-After'));
  if (Number.isFinite(seconds) && seconds > 0) failure.retryAfterMs = seconds * 1000;
  return failure;
}

// A request that has not been answered by then is given up (and retried later): on a weak
// connection ("lie-fi") a fetch can otherwise hang for minutes and hold up the whole outbox.
const TIMEOUT_MS = { GET: 30_000, POST: 60_000, PUT: 120_000, DELETE: 30_000 };

/** A signal that aborts after ``ms`` (a request and the reading of its body); Safari before 16 has no
 * AbortSignal.timeout. */
export function timeoutSignal(ms) {
  if (AbortSignal.timeout) return AbortSignal.timeout(ms);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

async function send(method, path, { json, body, headers = {} } = {}) {
  const init = {
    method,
    headers: { Accept: 'application/json', ...headers },
    credentials: 'same-origin',
    cache: 'no-store',
    signal: timeoutSignal(TIMEOUT_MS[method] || 60_000),
  };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  if (method !== 'GET' && csrfToken) init.headers['X-CSRFToken'] = csrfToken;
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, 'network', err.message || 'network error');
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return null;
  return response.json();
}

/**
 * One API request. A refused CSRF token (the session was renewed elsewhere) is fetched again and the
 * request repeated once.
 */
export async function request(method, path, options = {}) {
  try {
    return await send(method, path, options);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'csrf_failed' && method !== 'GET') {
      const session = await send('GET', '/api/v1/session');
      setCsrfToken(session.csrf_token);
      return send(method, path, options);
    }
    throw err;
  }
}
