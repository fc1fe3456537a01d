// Drafts (inspections still being made on the phone) and the photos they and hazard events take. Photos are
// Blobs in their own store, each with the ``owner`` it belongs to: a draft's UUID, or a hazard event's.
import { database, STRICT, storable, withBlob } from '../db.js';
import { getTemplate } from './pulled.js';

/** Delete every photo of ``owner`` (a draft or an outbox record), inside the caller's transaction. */
export async function deletePhotosOf(tx, owner) {
  const photos = tx.objectStore('photos');
  for (const key of await photos.index('owner').getAllKeys(owner)) await photos.delete(key);
}

/**
 * A draft of ``userId`` with the template version it was started on, as ``{draft, template}``; null when the
 * draft, its template version or its owner is not on this phone.
 */
export async function getOwnDraft(uuid, userId) {
  const draft = await (await database()).get('drafts', uuid);
  const template = draft && await getTemplate(draft.template_id, draft.template_version);
  return draft && template && draft.user_id === userId ? { draft, template } : null;
}

/** Drafts of ``userId`` still being edited, newest first. */
export async function listOpenDrafts(userId) {
  const drafts = await (await database()).getAll('drafts');
  return drafts.filter((draft) => draft.user_id === userId && draft.state === 'editing')
    .sort((a, b) => (b.updated_at || '').localeCompare(a.updated_at || ''));
}

/** The campaign tasks ``userId`` is working on here: task UUIDs of drafts being edited and of queued ones. */
export async function taskWorkInHand(userId) {
  const drafts = (await (await database()).getAll('drafts')).filter((draft) => draft.user_id === userId && draft.task);
  const of = (state) => new Set(drafts.filter((draft) => draft.state === state).map((draft) => draft.task.uuid));
  return { drafts: of('editing'), queued: of('queued') };
}

export async function saveDraft(draft) {
  const db = await database();
  const tx = db.transaction('drafts', 'readwrite', STRICT);
  await tx.store.put(draft);
  await tx.done;
}

/** Delete a draft and its photos (an inspection abandoned before it was finished). */
export async function deleteDraft(uuid) {
  const db = await database();
  const tx = db.transaction(['drafts', 'photos'], 'readwrite', STRICT);
  await tx.objectStore('drafts').delete(uuid);
  await deletePhotosOf(tx, uuid);
  await tx.done;
}

/** A new photo and the draft that refers to it land together, or neither does. */
export async function savePhotoWithDraft(photo, draft) {
  const db = await database();
  const stored = await storable(db, photo);
  const tx = db.transaction(['photos', 'drafts'], 'readwrite', STRICT);
  await tx.objectStore('photos').put(stored);
  await tx.objectStore('drafts').put(draft);
  await tx.done;
}

/** Remove a photo and the draft's reference to it together. */
export async function deletePhotoWithDraft(photoUuid, draft) {
  const db = await database();
  const tx = db.transaction(['photos', 'drafts'], 'readwrite', STRICT);
  await tx.objectStore('photos').delete(photoUuid);
  await tx.objectStore('drafts').put(draft);
  await tx.done;
}

export async function getPhoto(uuid) {
  return withBlob(await (await database()).get('photos', uuid));
}
