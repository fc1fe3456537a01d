// A small path router: the app's URLs are real paths (/app/..., /e/<code>), all answered by the same shell.

/**
 * @typedef {Object} Route
 * @property {string} name
 * @property {RegExp} pattern
 * @property {string[]} keys
 */

function compile(path) {
  const keys = [];
  const source = path.replace(/:(\w+)/g, (_match, key) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

export class Router {
  /**
   * @param {[string, string][]} table  [path pattern, route name] pairs, e.g. ['/app/enterprise/:code', 'enterprise'].
   * @param {(match: {name: string, params: object, state: object, path: string}) => void} onChange
   */
  constructor(table, onChange) {
    this.routes = table.map(([path, name]) => ({ name, ...compile(path) }));
    this.onChange = onChange;
    window.addEventListener('popstate', () => this.dispatch());
    document.addEventListener('click', (event) => this.interceptLink(event));
  }

  /** The route of the current location (``notFound`` when none matches). */
  match(pathname = window.location.pathname) {
    for (const route of this.routes) {
      const found = pathname.match(route.pattern);
      if (found) {
        const params = {};
        route.keys.forEach((key, index) => {
          params[key] = decodeURIComponent(found[index + 1]);
        });
        return { name: route.name, params, state: window.history.state || {}, path: pathname };
      }
    }
    return { name: 'notFound', params: {}, state: {}, path: pathname };
  }

  dispatch() {
    this.onChange(this.match());
  }

  /** Go to ``path``; ``replace`` keeps the back button from returning to where we were. */
  go(path, { state = {}, replace = false } = {}) {
    // ``inApp`` tells back() that the previous entry is a screen of ours, not the page we came from.
    const previous = window.history.state || {};
    const full = { ...state, inApp: replace ? Boolean(previous.inApp) : true };
    if (replace) window.history.replaceState(full, '', path);
    else window.history.pushState(full, '', path);
    this.dispatch();
  }

  back(fallback = '/app/') {
    if (window.history.state && window.history.state.inApp) window.history.back();
    else this.go(fallback, { replace: true });
  }

  interceptLink(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith('/app/')) return;
    event.preventDefault();
    this.go(url.pathname + url.search);
  }
}
