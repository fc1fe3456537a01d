// The outbox's storage: records waiting for the server, one per inspection or hazard event, and the history of
// those sent. The queue's policy (what to send, how to treat an answer) is in ../outbox.js.
import { database, STRICT, storable } from '../db.js';
import { deletePhotosOf } from './drafts.js';
import { forgetNumbersIn } from './numbers.js';

// How many sent records the phone remembers (the outbox screen's "sent" list).
const SENT_HISTORY = 50;

/** Queue a finished draft: the draft (now ``queued``) and its outbox record are written together. */
export async function queueDraft(draft, record) {
  const db = await database();
  const tx = db.transaction(['drafts', 'outbox'], 'readwrite', STRICT);
  await tx.objectStore('drafts').put(draft);
  await tx.objectStore('outbox').put(record);
  await tx.done;
}

/** A hazard event (re-check, rectification report) and its photos land in the outbox together, or not at all. */
export async function queueHazardEvent(record, photos) {
  const db = await database();
  const stored = await Promise.all(photos.map((photo) => storable(db, photo)));
  const tx = db.transaction(['photos', 'outbox'], 'readwrite', STRICT);
  for (const photo of stored) await tx.objectStore('photos').put(photo);
  await tx.objectStore('outbox').put(record);
  await tx.done;
}

/** Hazard events still in the outbox (waiting, or refused), oldest first. */
export async function listWaitingHazardEvents() {
  const records = await (await database()).getAllFromIndex('outbox', 'hazard_uuid');
  return records.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
}

/**
 * The user deleted a refused record: it leaves with its draft and photos, and the document numbers its draft gave
 * and the server never stored are no longer the phone's (the next pull leaves them out of ``pending``, and the
 * server releases them as void). One transaction: a number is never forgotten for a record still here.
 * Never called for a record still waiting to be sent.
 */
export async function discardOutboxRecord(uuid) {
  const db = await database();
  const tx = db.transaction(['outbox', 'drafts', 'photos', 'meta'], 'readwrite', STRICT);
  await tx.objectStore('outbox').delete(uuid);
  await tx.objectStore('drafts').delete(uuid);
  await deletePhotosOf(tx, uuid);
  await forgetNumbersIn(tx.objectStore('meta'), uuid);
  await tx.done;
}

/** Every outbox record, oldest first (the order they are sent in). */
export async function listOutbox() {
  return (await database()).getAllFromIndex('outbox', 'queued_at');
}

export async function putOutboxRecord(record) {
  const db = await database();
  const tx = db.transaction('outbox', 'readwrite', STRICT);
  await tx.store.put(record);
  await tx.done;
}

/**
 * Write a record's sending progress, unless it has left the outbox meanwhile (another tab of the app had it
 * acknowledged): a stale copy must not bring it back. Photos the stored copy has as uploaded stay uploaded.
 * Answers whether the record is still in the outbox.
 */
export async function updateOutboxRecord(record) {
  const db = await database();
  const tx = db.transaction('outbox', 'readwrite', STRICT);
  const stored = await tx.store.get(record.uuid);
  if (stored) {
    record.uploaded = [...new Set([...(stored.uploaded || []), ...record.uploaded])];
    await tx.store.put(record);
  }
  await tx.done;
  return Boolean(stored);
}

/** Whether a record is still in the outbox. */
export async function inOutbox(uuid) {
  return Boolean(await (await database()).getKey('outbox', uuid));
}

/**
 * The server acknowledged the record: drop it, its draft and its photos, and remember it as sent.
 * Only ever called after a 2xx answer.
 */
export async function completeOutboxRecord(uuid, sentEntry) {
  const db = await database();
  const tx = db.transaction(['outbox', 'drafts', 'photos', 'meta'], 'readwrite', STRICT);
  await tx.objectStore('outbox').delete(uuid);
  await tx.objectStore('drafts').delete(uuid);
  await deletePhotosOf(tx, uuid);
  const meta = tx.objectStore('meta');
  const sent = (await meta.get('sent')) || [];
  await meta.put([sentEntry, ...sent.filter((entry) => entry.uuid !== uuid)].slice(0, SENT_HISTORY), 'sent');
  await tx.done;
}

/** Change one entry of the sent history (the user has read that an event was not applied). */
export async function updateSentEntry(uuid, changes) {
  const db = await database();
  const tx = db.transaction('meta', 'readwrite');
  const sent = (await tx.store.get('sent')) || [];
  await tx.store.put(sent.map((entry) => (entry.uuid === uuid ? { ...entry, ...changes } : entry)), 'sent');
  await tx.done;
}

/** Take a record the server refused back out of the outbox, so its draft can be corrected and finished again. */
export async function reopenDraft(uuid) {
  const db = await database();
  const tx = db.transaction(['outbox', 'drafts'], 'readwrite', STRICT);
  const record = await tx.objectStore('outbox').get(uuid);
  const draft = await tx.objectStore('drafts').get(uuid);
  if (draft) {
    await tx.objectStore('drafts').put({ ...draft, state: 'editing', server_error: record ? record.error : null });
  }
  if (record) await tx.objectStore('outbox').delete(uuid);
  await tx.done;
  return draft;
}
