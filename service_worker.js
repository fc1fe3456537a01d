/* The service worker. The server prepends `SHELL` = {version, urls, syncTag}: the
 * files to precache, derived from the files themselves, so every deploy changes
 * this script and phones pick the new shell up; and the Background Sync tag the
 * page registers (static/js/sync.js), which this classic script cannot import. */
/* global SHELL */
const CACHE_PREFIX = 'safety-shell-';
const CACHE_NAME = CACHE_PREFIX + SHELL.version;

async function onInstall() {
  const cache = await caches.open(CACHE_NAME);
  // addAll fails as a whole if one file fails: a half-cached shell is a broken offline app.
  await cache.addAll(SHELL.urls.map((url) => new Request(url, { cache: 'reload' })));
}

async function onActivate() {
  const names = await caches.keys();
  // Delete only our own old shells; other caches (photos, thumbnails) are not ours to drop here.
  await Promise.all(names
    .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
    .map((name) => caches.delete(name)));
  await self.clients.claim();
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached || fetch(request);
}

// Every field-app URL (/app/..., and /e/<code> from an enterprise's QR label) is the same shell page.
const APP_SHELL = '/app/';
const APP_PATHS = /^\/(app\/|e\/[^/]+\/?$)/;

async function appShell(request) {
  // The cached shell first: it opens with no network and at once on a slow one; a deploy
  // reaches it through a new worker (the page offers "update available — reload").
  const cached = await caches.match(APP_SHELL);
  return cached || fetch(request);
}

function onFetch(event) {
  const { request } = event;
  const url = new URL(request.url);
  // Never touch writes or the API: those go to the network or fail visibly.
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate' && APP_PATHS.test(url.pathname) && SHELL.urls.includes(APP_SHELL)) {
    event.respondWith(appShell(request));
  } else if (SHELL.urls.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
}

// Background Sync (where the browser has it): the outbox replay lives in the page's modules, so the
// worker asks an open page to run it and waits for the answer. The page also replays by itself on
// start, when it comes online and when it becomes visible, so nothing depends on this event.
async function onSync(event) {
  if (event.tag !== SHELL.syncTag) return;
  const pages = await self.clients.matchAll({ type: 'window' });
  if (!pages.length) return;
  const answers = pages.map((page) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (message) => resolve(Boolean(message.data && message.data.ok));
    page.postMessage({ type: 'sync-requested' }, [channel.port2]);
    setTimeout(() => resolve(false), 4 * 60 * 1000);
  }));
  if (!(await Promise.all(answers)).some(Boolean)) {
    // Rejecting makes the browser try the sync event again later.
    throw new Error('outbox not sent yet');
  }
}

self.addEventListener('install', (event) => event.waitUntil(onInstall()));
self.addEventListener('activate', (event) => event.waitUntil(onActivate()));
self.addEventListener('fetch', onFetch);
self.addEventListener('sync', (event) => event.waitUntil(onSync(event)));
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});
