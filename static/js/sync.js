// Sync: push the outbox (photos first, then the inspection or hazard event), then pull what changed and
// fetch the hazards' evidence thumbnails for offline use.
// Triggers: app start, `online`, the page becoming visible, a timer, the "sync now" button and
// Background Sync where the browser has it (the worker asks an open page to run this same replay).
import { ApiError, hasCsrfToken, request } from './api.js';
import {
  acknowledge, backoffDelay, destination, documentsToSend, markDocumentSent, markFailed, markInspectionStored,
  markPhotoUploaded, markSending, sendable, stillQueued,
} from './outbox.js';
import { markNumberSent } from './store/numbers.js';
import { currentUser, refreshSession } from './session.js';
import { t } from './i18n.js';
import { getPhoto } from './store/drafts.js';
import { getMeta, setMeta } from './store/meta.js';
import { deviceId, pendingNumbers } from './store/numbers.js';
import { applyPull, listReturned } from './store/pulled.js';
import { refreshReturnedPhotos } from './revision.js';
import { refreshThumbs } from './thumbs.js';
import { refreshDocumentFiles } from './document-files.js';
import { isoWithOffset } from './util.js';

const PERIOD_MS = 5 * 60 * 1000;
// The one spelling of the Background Sync tag: the service worker, a classic script that cannot import this
// module, gets it in its SHELL header, which the server reads from this line (safety/home/shell.py).
export const BACKGROUND_SYNC_TAG = 'outbox';

/** Listeners get a ``change`` event with the state as ``detail`` whenever it changes. */
export const syncEvents = new EventTarget();

/**
 * @typedef {Object} SyncState
 * @property {'idle'|'syncing'|'offline'|'waiting'|'sign_in'|'error'} phase
 * @property {string|null} message  The last error's message.
 * @property {number|null} nextRetryAt  When the next automatic attempt runs (ms since epoch).
 * @property {string|null} lastSync  The last sync that completed (ISO).
 */
let state = { phase: 'idle', message: null, nextRetryAt: null, lastSync: null };

/** The replay's own bookkeeping, which the screens never see (they see ``state``). */
const replay = {
  // The sync under way (a promise), or null.
  running: null,
  // Asked for while one was running: run once more when it ends.
  again: false,
  // Failed runs in a row: the backoff grows with them.
  failures: 0,
  retryTimer: null,
  // Whether the run under way got anything acknowledged (a photo or a record).
  progressed: false,
};

export function syncState() {
  return state;
}

/** Call ``callback`` after each sync that completes from now on; answers the function that stops it. */
export function afterEachSync(callback) {
  let seen = state.lastSync;
  const listener = () => {
    if (state.phase === 'idle' && state.lastSync !== seen) {
      seen = state.lastSync;
      callback();
    }
  };
  syncEvents.addEventListener('change', listener);
  return () => syncEvents.removeEventListener('change', listener);
}

function update(changes) {
  state = { ...state, ...changes };
  syncEvents.dispatchEvent(new CustomEvent('change', { detail: state }));
}

async function uploadPhoto(photo) {
  const headers = {
    'Content-Type': photo.content_type,
    'X-Content-SHA256': photo.sha256,
    'X-Photo-Taken-At': photo.taken_at,
  };
  if (photo.location) {
    const { lat, lng, accuracy_m: accuracy } = photo.location;
    headers['X-Photo-Location'] = `${lat},${lng},${accuracy}`;
  }
  return request('PUT', `/api/v1/photos/${photo.uuid}`, { body: photo.blob, headers });
}

// Photos go up a few at a time: on a phone network each request waits a round trip or more, and the
// server works on one photo while the next is on its way.
const PARALLEL_UPLOADS = 3;

/**
 * Upload the record's photos the server has not acknowledged yet. Answers false when the record left the outbox
 * meanwhile (acknowledged through another tab). After a failure no new upload starts; those under way finish.
 */
async function uploadPhotos(record) {
  const waiting = record.photos.filter((photoUuid) => !record.uploaded.includes(photoUuid));
  let failure = null;
  let gone = false;
  const uploader = async () => {
    while (waiting.length && !failure && !gone) {
      const photoUuid = waiting.shift();
      try {
        const photo = await getPhoto(photoUuid);
        if (!photo) {
          // Its photos leave with the record: gone from both means it was sent, not that a photo is lost.
          if (!(await stillQueued(record))) {
            gone = true;
            return;
          }
          throw new ApiError(400, 'photo_missing_on_phone', record.type === 'hazard_event'
            ? t('A photo of this re-check or report is missing on this phone.')
            : t('A photo of this inspection is missing on this phone.'));
        }
        await uploadPhoto(photo);
        replay.progressed = true;
        if (!(await markPhotoUploaded(record, photoUuid))) gone = true;
      } catch (err) {
        failure = failure || err;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, uploader));
  if (failure) throw failure;
  return !gone;
}

/**
 * Send one record. Refusals stay on the record; network and sign-in failures stop the whole push.
 * A record that leaves the outbox meanwhile (acknowledged through another tab) is left alone.
 */
async function pushRecord(record) {
  if (!(await markSending(record))) return;
  update({});
  try {
    if (!(await uploadPhotos(record))) return;
    const stored = await request('POST', destination(record), { json: record.document });
    if (record.type === 'inspection' && !record.inspection_stored && !(await markInspectionStored(record))) return;
    // The documents issued on site go once their inspection is stored; each resend answers the same document.
    for (const document of documentsToSend(record)) {
      const answer = await request('POST', '/api/v1/documents', { json: document });
      if (document.number) await markNumberSent({ type: document.type, year: document.year, number: document.number });
      if (!(await markDocumentSent(record, document, answer))) return;
    }
    await acknowledge(record, stored);
    replay.progressed = true;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const kind = await markFailed(record, err);
    if (kind !== 'attention') throw err;
  } finally {
    update({});
  }
}

async function pull() {
  const cursor = await getMeta('cursor');
  // The phone's id and the document numbers it has given but not sent: its number blocks (store/numbers.js).
  const params = new URLSearchParams({ device: await deviceId() });
  if (cursor) params.set('since', cursor);
  const pending = await pendingNumbers();
  if (pending) params.set('pending', pending);
  await applyPull(await request('GET', `/api/v1/sync/pull?${params}`));
}

/** The next automatic attempt: the backoff, but never sooner than the server asked (``minimumMs``). */
function scheduleRetry(minimumMs = 0) {
  clearTimeout(replay.retryTimer);
  replay.failures += 1;
  const delay = Math.max(backoffDelay(replay.failures), minimumMs);
  replay.retryTimer = setTimeout(() => syncNow('retry'), delay);
  return Date.now() + delay;
}

async function run() {
  const user = await currentUser();
  if (!user) return;
  if (!navigator.onLine) {
    update({ phase: 'offline' });
    return;
  }
  update({ phase: 'syncing', message: null });
  replay.progressed = false;
  try {
    if (!hasCsrfToken()) await refreshSession();
    for (const record of await sendable(user.id)) await pushRecord(record);
    await pull();
    // The look-back list's thumbnails and the returned inspections' photos, before "synced": an inspector who
    // leaves now has them offline.
    await refreshThumbs();
    await refreshReturnedPhotos(await listReturned());
    // An enterprise account's documents, to show offline (the pull lists them for that role only).
    await refreshDocumentFiles();
    replay.failures = 0;
    clearTimeout(replay.retryTimer);
    const lastSync = isoWithOffset();
    await setMeta('last_sync', lastSync);
    update({ phase: 'idle', message: null, nextRetryAt: null, lastSync });
  } catch (err) {
    if (!(err instanceof ApiError)) {
      // Not the network's answer but the phone's own trouble (storage): say so, keep everything.
      update({ phase: 'error', message: err && err.message ? err.message : String(err), nextRetryAt: null });
      return;
    }
    if (err.signedOut) {
      // Nothing is dropped: every record waits until the inspector signs in again.
      for (const record of await sendable(user.id)) await markFailed(record, err);
      update({ phase: 'sign_in', message: err.message, nextRetryAt: null });
    } else if (err.transient) {
      // A flaky network or a busy server that still let some through: retry soon instead of backing off further.
      if (replay.progressed) replay.failures = 0;
      const nextRetryAt = scheduleRetry(err.retryAfterMs);
      update({ phase: navigator.onLine ? 'waiting' : 'offline', message: err.message, nextRetryAt });
    } else {
      update({ phase: 'error', message: err.message, nextRetryAt: null });
    }
  }
}

// Tabs of the app share one outbox: they sync one after the other (Web Locks), so two never send the same
// record side by side; the later one then finds the outbox as the first left it.
const SYNC_LOCK = 'safety-field-sync';

function oneTabAtATime(task) {
  if (navigator.locks && navigator.locks.request) return navigator.locks.request(SYNC_LOCK, () => task());
  return task();
}

/**
 * Run a sync now, or once more after the one under way. Resolves when done; never rejects on
 * network or server errors (they are in the state).
 */
export function syncNow(reason = 'manual') {
  if (reason === 'manual') replay.failures = 0;
  if (replay.running) {
    replay.again = true;
    return replay.running;
  }
  replay.running = (async () => {
    try {
      do {
        replay.again = false;
        await oneTabAtATime(run);
      } while (replay.again);
    } finally {
      replay.running = null;
    }
  })();
  return replay.running;
}

/** Ask for a Background Sync (where the browser has it) so the outbox goes out when the network returns. */
export async function requestBackgroundSync() {
  if (!('serviceWorker' in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.ready;
    if (registration.sync) await registration.sync.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Not allowed or not supported: the other triggers replay the outbox anyway.
  }
}

/** Wire the triggers; call once at start. */
export async function startSync() {
  update({ lastSync: (await getMeta('last_sync')) || null });
  window.addEventListener('online', () => syncNow('online'));
  window.addEventListener('offline', () => update({ phase: 'offline' }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncNow('visible');
  });
  // Back from the back/forward cache, whose entry aborted the sync under way (db.js): run it again.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) syncNow('shown');
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') syncNow('timer');
  }, PERIOD_MS);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'sync-requested') {
        syncNow('background').then(() => {
          if (event.ports[0]) event.ports[0].postMessage({ ok: state.phase === 'idle' });
        });
      }
    });
  }
  syncNow('start');
}
