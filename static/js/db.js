// The phone's storage: the only module that opens IndexedDB (through the vendored idb).
// Everything an inspector records lands here first; the server gets it from the outbox later.
import { openDB } from '/static/vendor/idb/index.js';

const NAME = 'safety-field';
// Writes an inspector cannot redo (drafts, the outbox, photos) wait until the data is on disk.
const STRICT = { durability: 'strict' };
const SENT_HISTORY = 50;

// One step per schema version: a phone on version n runs steps n … latest, in order, in one upgrade.
const UPGRADES = [
  (db) => {
    // meta: a handful of named values (pull cursor, last sync, signed-in user, locale): the name is the key.
    db.createObjectStore('meta');
    // enterprises: pull updates and removes them by code, and a scanned QR label gives the code.
    db.createObjectStore('enterprises', { keyPath: 'code' });
    // templates: a draft pins the version it started on, so a newer version of the same
    // template must live beside it: the key is [template id, version].
    const templates = db.createObjectStore('templates', { keyPath: ['id', 'version'] });
    templates.createIndex('id', 'id');
    // hazards: made with a UUID (on a phone or the server), which is how pull names them.
    const hazards = db.createObjectStore('hazards', { keyPath: 'uuid' });
    hazards.createIndex('enterprise_code', 'enterprise_code');
    // drafts: the inspection's own UUID, the one the server will store it under.
    db.createObjectStore('drafts', { keyPath: 'uuid' });
    // outbox: one record per inspection, keyed by the inspection's UUID, so finishing a draft
    // again replaces its record instead of queueing a second copy.
    const outbox = db.createObjectStore('outbox', { keyPath: 'uuid' });
    outbox.createIndex('queued_at', 'queued_at');
    // photos: the UUID the server stores the photo under (a re-sent upload is recognised by it);
    // Blobs in their own store keep drafts small; ``owner`` is the draft they belong to.
    const photos = db.createObjectStore('photos', { keyPath: 'uuid' });
    photos.createIndex('owner', 'owner');
  },
  (db, tx) => {
    // thumbs: evidence thumbnails of the hazards on the phone (for the look-back list offline), keyed by
    // the photo's UUID, as pull names them; ``hazard_uuid`` finds them when their hazard leaves the phone.
    const thumbs = db.createObjectStore('thumbs', { keyPath: 'uuid' });
    thumbs.createIndex('hazard_uuid', 'hazard_uuid');
    // Hazard events (re-checks, rectification reports) wait in the outbox beside inspections, keyed by the
    // event's UUID; the look-back list finds the ones waiting for a hazard by its UUID.
    tx.objectStore('outbox').createIndex('hazard_uuid', 'hazard_uuid');
  },
];

let opening = null;

/** The open database (opened once per page). */
export function database() {
  if (!opening) {
    opening = openDB(NAME, UPGRADES.length, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let version = oldVersion; version < UPGRADES.length; version += 1) UPGRADES[version](db, tx);
      },
      blocking(_current, _blocked, event) {
        // A newer app version in another tab needs to upgrade: let it; this page reopens on next use.
        event.target.close();
        opening = null;
      },
      terminated() {
        opening = null;
      },
    });
  }
  return opening;
}

// WebKit refuses Blobs in IndexedDB in a private-browsing (ephemeral) session: the put fails with
// "UnknownError: Error preparing Blob/File data to be stored in object store". There an image is kept as its
// bytes (``blob_bytes``, ``blob_type``) and is a Blob again when read. Found out once, with a write that is undone.
let blobsStorable = null;

function canStoreBlobs(db) {
  if (!blobsStorable) {
    blobsStorable = (async () => {
      const tx = db.transaction('meta', 'readwrite');
      tx.done.catch(() => {}); // aborted either way
      try {
        await tx.store.put(new Blob(['probe'], { type: 'text/plain' }), 'blob_probe');
      } catch {
        return false;
      }
      try {
        tx.abort();
      } catch {
        // Already committed: the leftover probe value is harmless.
      }
      return true;
    })();
    // A probe that could not run (the connection closing under it) is tried again on the next photo.
    blobsStorable.catch(() => { blobsStorable = null; });
  }
  return blobsStorable;
}

/** ``record`` (a photo or a thumbnail) as this browser can store it; call before opening the transaction. */
async function storable(db, record) {
  if (!(record.blob instanceof Blob) || await canStoreBlobs(db)) return record;
  const { blob, ...rest } = record;
  return { ...rest, blob_bytes: await blob.arrayBuffer(), blob_type: blob.type };
}

/** A stored photo or thumbnail with its ``blob``, however it was stored. */
function withBlob(record) {
  if (!record || !record.blob_bytes) return record;
  const { blob_bytes: bytes, blob_type: type, ...rest } = record;
  return { ...rest, blob: new Blob([bytes], { type }) };
}

// --- meta -----------------------------------------------------------------------------------

export async function getMeta(key) {
  return (await database()).get('meta', key);
}

export async function setMeta(key, value) {
  return (await database()).put('meta', value, key);
}

export async function deleteMeta(key) {
  return (await database()).delete('meta', key);
}

// --- what pull brings: enterprises, templates, hazards ----------------------------------------

export async function listEnterprises() {
  return (await database()).getAll('enterprises');
}

export async function getEnterprise(code) {
  return (await database()).get('enterprises', code);
}

/** The newest version of each template still offered for new inspections. */
export async function listCurrentTemplates() {
  const all = await (await database()).getAll('templates');
  const newest = new Map();
  for (const template of all) {
    if (template.retired) continue;
    const seen = newest.get(template.id);
    if (!seen || seen.version < template.version) newest.set(template.id, template);
  }
  return [...newest.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function getTemplate(id, version) {
  return (await database()).get('templates', [Number(id), Number(version)]);
}

/** Unclosed hazards at an enterprise (the look-back list). */
export async function listHazardsAt(code) {
  return (await database()).getAllFromIndex('hazards', 'enterprise_code', code);
}

/** Every unclosed hazard on the phone (the user's whole scope). */
export async function listHazards() {
  return (await database()).getAll('hazards');
}

function pinnedTemplateKeys(drafts, records) {
  const keys = new Set();
  for (const draft of drafts) keys.add(`${draft.template_id}:${draft.template_version}`);
  for (const record of records) {
    if (record.type === 'inspection') keys.add(`${record.document.template_id}:${record.document.template_version}`);
  }
  return keys;
}

/** Delete the thumbnails of hazards the phone no longer holds (``keep``: the hazard UUIDs still there). */
async function dropThumbsExcept(thumbs, keep) {
  let cursor = await thumbs.index('hazard_uuid').openKeyCursor();
  while (cursor) {
    if (!keep.has(cursor.key)) await thumbs.delete(cursor.primaryKey);
    cursor = await cursor.continue();
  }
}

/**
 * Apply one pull in one transaction: all of it lands, or none of it (a crash mid-way leaves the old cursor).
 * Template versions that a draft or a queued inspection uses are kept, only marked retired.
 * @param {import('./wire.js').PullResponse} pull
 */
export async function applyPull(pull) {
  const db = await database();
  const tx = db.transaction(['meta', 'enterprises', 'templates', 'hazards', 'thumbs', 'drafts', 'outbox'], 'readwrite');
  const enterprises = tx.objectStore('enterprises');
  const hazards = tx.objectStore('hazards');
  const templates = tx.objectStore('templates');
  const removed = pull.removed || { enterprises: [], templates: [], hazards: [] };
  if (pull.full) {
    await enterprises.clear();
    await hazards.clear();
  }
  for (const code of removed.enterprises || []) {
    await enterprises.delete(code);
    for (const key of await hazards.index('enterprise_code').getAllKeys(code)) await hazards.delete(key);
  }
  for (const key of removed.hazards || []) await hazards.delete(key);
  for (const enterprise of pull.enterprises || []) await enterprises.put(enterprise);
  for (const hazard of pull.hazards || []) await hazards.put(hazard);
  // A hazard that left (closed, its enterprise out of scope) takes its thumbnails along, in this same transaction.
  if (pull.full || (removed.hazards || []).length || (removed.enterprises || []).length) {
    await dropThumbsExcept(tx.objectStore('thumbs'), new Set(await hazards.getAllKeys()));
  }

  const pinned = pinnedTemplateKeys(await tx.objectStore('drafts').getAll(), await tx.objectStore('outbox').getAll());
  const incoming = new Set((pull.templates || []).map((tpl) => `${tpl.id}:${tpl.version}`));
  const newest = new Map((pull.templates || []).map((tpl) => [tpl.id, tpl.version]));
  const retiredIds = new Set(removed.templates || []);
  for (const template of await templates.getAll()) {
    const key = `${template.id}:${template.version}`;
    if (incoming.has(key)) continue;
    const superseded = newest.has(template.id) && newest.get(template.id) > template.version;
    if (pull.full || superseded || retiredIds.has(template.id)) {
      if (pinned.has(key)) await templates.put({ ...template, retired: true });
      else await templates.delete([template.id, template.version]);
    }
  }
  for (const template of pull.templates || []) await templates.put({ ...template, retired: false });

  const meta = tx.objectStore('meta');
  if (pull.inspections && pull.inspections.length) {
    const sent = (await meta.get('sent')) || [];
    const reviews = new Map(pull.inspections.map((row) => [row.uuid, row]));
    await meta.put(sent.map((entry) => (reviews.has(entry.uuid) ? { ...entry, ...reviews.get(entry.uuid) } : entry)),
      'sent');
  }
  await meta.put(pull.cursor, 'cursor');
  await tx.done;
}

/** Forget the previous user's scope (enterprises, templates, hazards and their thumbnails, cursor); drafts and
 * the outbox stay. */
export async function clearScope() {
  const db = await database();
  const tx = db.transaction(['meta', 'enterprises', 'templates', 'hazards', 'thumbs', 'drafts', 'outbox'], 'readwrite');
  const pinned = pinnedTemplateKeys(await tx.objectStore('drafts').getAll(), await tx.objectStore('outbox').getAll());
  await tx.objectStore('enterprises').clear();
  await tx.objectStore('hazards').clear();
  await tx.objectStore('thumbs').clear();
  const templates = tx.objectStore('templates');
  for (const template of await templates.getAll()) {
    if (!pinned.has(`${template.id}:${template.version}`)) await templates.delete([template.id, template.version]);
  }
  await tx.objectStore('meta').delete('cursor');
  await tx.done;
}

// --- evidence thumbnails of the hazards (see thumbs.js) ------------------------------------------

/** The stored thumbnails of one hazard. */
export async function listThumbsOf(hazardUuid) {
  return (await (await database()).getAllFromIndex('thumbs', 'hazard_uuid', hazardUuid)).map(withBlob);
}

/** [photo uuid, bytes] of every stored thumbnail, without reading the images. */
export async function thumbSizes() {
  const db = await database();
  const tx = db.transaction('thumbs');
  const sizes = [];
  let cursor = await tx.store.openCursor();
  while (cursor) {
    sizes.push([cursor.key, cursor.value.size]);
    cursor = await cursor.continue();
  }
  await tx.done;
  return sizes;
}

/** Store a fetched thumbnail, unless its hazard left the phone while it was being fetched. */
export async function putThumb(thumb) {
  const db = await database();
  const stored = await storable(db, thumb);
  const tx = db.transaction(['hazards', 'thumbs'], 'readwrite');
  if (await tx.objectStore('hazards').getKey(thumb.hazard_uuid)) await tx.objectStore('thumbs').put(stored);
  await tx.done;
}

export async function deleteThumbs(uuids) {
  const db = await database();
  const tx = db.transaction('thumbs', 'readwrite');
  for (const key of uuids) await tx.store.delete(key);
  await tx.done;
}

// --- drafts and their photos ----------------------------------------------------------------

export async function getDraft(uuid) {
  return (await database()).get('drafts', uuid);
}

/** Drafts of ``userId`` still being edited, newest first. */
export async function listOpenDrafts(userId) {
  const drafts = await (await database()).getAll('drafts');
  return drafts.filter((draft) => draft.user_id === userId && draft.state === 'editing')
    .sort((a, b) => (b.updated_at || '').localeCompare(a.updated_at || ''));
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
  const photos = tx.objectStore('photos');
  for (const key of await photos.index('owner').getAllKeys(uuid)) await photos.delete(key);
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

// --- the outbox -----------------------------------------------------------------------------

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

/** The user deleted a refused record: it leaves with its photos. Never called for a record still waiting to be sent. */
export async function discardOutboxRecord(uuid) {
  const db = await database();
  const tx = db.transaction(['outbox', 'photos'], 'readwrite', STRICT);
  await tx.objectStore('outbox').delete(uuid);
  const photos = tx.objectStore('photos');
  for (const key of await photos.index('owner').getAllKeys(uuid)) await photos.delete(key);
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
  const photos = tx.objectStore('photos');
  for (const key of await photos.index('owner').getAllKeys(uuid)) await photos.delete(key);
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
