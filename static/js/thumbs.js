// Evidence thumbnails of the hazards on the phone, fetched after each pull so the look-back list shows them
// with no network. No DOM here.
//
// They are Blobs in IndexedDB (the ``thumbs`` store, store/pulled.js) rather than in Cache Storage because a
// thumbnail lives exactly as long as its hazard: applyPull drops a closed hazard and its thumbnails in one
// transaction, so the two never disagree; the service worker answers the app shell only and never /photos/
// (signed-in, per-user images that must not outlive the user's scope); and one store is easy to keep within the
// bound below.
import { timeoutSignal } from './api.js';
import { deleteThumbs, listHazards, listThumbsOf, putThumb, thumbSizes } from './store/pulled.js';

// The bound: at most this many photos per hazard, this many thumbnails and this many bytes in all.
export const PER_HAZARD = 4;
export const MAX_THUMBS = 600;
export const MAX_BYTES = 16 * 1024 * 1024;
const PARALLEL = 4;
const IMAGE_TIMEOUT_MS = 30_000;

/** Hazards whose re-check is due soonest keep their thumbnails first when the bound is reached. */
function byUrgency(a, b) {
  return (a.deadline || '9999-12-31').localeCompare(b.deadline || '9999-12-31') || a.uuid.localeCompare(b.uuid);
}

/**
 * The thumbnails the phone should hold, most urgent first, within the count bound.
 * @param {import('./wire.js').Hazard[]} hazards
 * @returns {{uuid: string, hazard_uuid: string, url: string}[]}
 */
export function wantedThumbs(hazards) {
  const wanted = [];
  for (const hazard of [...hazards].sort(byUrgency)) {
    for (const photo of (hazard.photos || []).slice(0, PER_HAZARD)) {
      wanted.push({ uuid: photo.uuid, hazard_uuid: hazard.uuid, url: photo.thumb_url || `/photos/${photo.uuid}/thumb.jpg` });
    }
  }
  return wanted.slice(0, MAX_THUMBS);
}

/**
 * Fetch one image and ``store(blob)`` it: its size when stored, 0 when the server will not give it, null to stop
 * fetching (no network, signed out, the server failing, or the phone's storage full).
 */
export async function fetchImage(url, store) {
  let response;
  try {
    // A download that stalls (a dying connection in the field, a request the browser never sends) must not hold
    // the sync forever: the timeout ends the request and its body alike.
    response = await fetch(url, { credentials: 'same-origin', signal: timeoutSignal(IMAGE_TIMEOUT_MS) });
  } catch {
    return null;
  }
  // A sign-in page or an error body must never be kept as an image.
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok || !type.startsWith('image/')) return response.status === 401 || response.status >= 500 ? null : 0;
  try {
    const blob = await response.blob();
    await store(blob);
    return blob.size;
  } catch {
    // The connection broke mid-body, or the phone's storage is full: stop here; records matter more than pictures.
    return null;
  }
}

function fetchThumb(thumb) {
  return fetchImage(thumb.url, (blob) => putThumb({
    uuid: thumb.uuid, hazard_uuid: thumb.hazard_uuid, blob, size: blob.size, stored_at: Date.now(),
  }));
}

/**
 * Bring the stored thumbnails in line with the hazards on the phone: fetch the missing ones, most urgent first,
 * and delete those no longer wanted or beyond the byte bound. Best effort: a failed network stops the fetching
 * and keeps what is there; the next sync goes on.
 */
export async function refreshThumbs() {
  const wanted = wantedThumbs(await listHazards());
  const stored = new Map(await thumbSizes());
  const kept = new Set();
  const fetched = [];
  let used = 0;
  let reachable = true;
  for (let start = 0; start < wanted.length && used < MAX_BYTES; start += PARALLEL) {
    const window = wanted.slice(start, start + PARALLEL);
    const sizes = await Promise.all(window.map((thumb) => {
      if (stored.has(thumb.uuid)) return stored.get(thumb.uuid);
      return reachable ? fetchThumb(thumb) : 0;
    }));
    window.forEach((thumb, index) => {
      const size = sizes[index];
      if (size === null) reachable = false;
      if (size && !stored.has(thumb.uuid)) fetched.push(thumb.uuid);
      if (size && used < MAX_BYTES) {
        used += size;
        kept.add(thumb.uuid);
      }
    });
  }
  // No longer wanted, or beyond the byte bound (including any fetched in the window that crossed it).
  const surplus = [...stored.keys(), ...fetched].filter((uuid) => !kept.has(uuid));
  if (surplus.length) await deleteThumbs(surplus);
  return { count: kept.size, bytes: used };
}

/**
 * The hazard's original photos (those it was found with) that are on this phone, for the "before and after"
 * camera: ``[{uuid, blob}]``, offline.
 * @param {import('./wire.js').Hazard} hazard
 */
export async function originalPhotos(hazard) {
  const found = new Set((hazard.photos || []).filter((photo) => photo.purpose === 'hazard').map((photo) => photo.uuid));
  const stored = await listThumbsOf(hazard.uuid);
  return stored.filter((thumb) => found.has(thumb.uuid)).map(({ uuid, blob }) => ({ uuid, blob }));
}
