// What pull brings for the user's scope: enterprises, templates and hazards, the hazards' evidence
// thumbnails (../thumbs.js fetches them), the office's year: the user's tasks, their campaigns and the
// staff list an inspection's team is picked from, and the user's returned inspections with their photos
// (../revision.js). The server is their source; the phone keeps a copy to work offline.
import { database, storable, withBlob } from '../db.js';
import { applyNumberBlocks } from './numbers.js';

// A pull, and forgetting a scope at sign-out, change the scope's stores and read drafts and the outbox for the
// template versions they still use: both in one transaction over these stores.
const SCOPE_STORES = ['meta', 'enterprises', 'templates', 'hazards', 'thumbs', 'drafts', 'outbox', 'tasks',
  'returned', 'returned_photos', 'document_files'];

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

/** The user's tasks as the last pull left them. */
export async function listTasks() {
  return (await database()).getAll('tasks');
}

export async function getTask(uuid) {
  return (await database()).get('tasks', uuid);
}

/** The campaigns the user has tasks in (the pull's ``campaigns``): Map code → campaign. */
export async function campaignsByCode() {
  const campaigns = (await (await database()).get('meta', 'campaigns')) || [];
  return new Map(campaigns.map((campaign) => [campaign.code, campaign]));
}

/** The office's inspectors and supervisors (the pull's ``staff``), for an inspection's team. */
export async function listStaff() {
  return (await (await database()).get('meta', 'staff')) || [];
}

function pinnedTemplateKeys(drafts, records) {
  const keys = new Set();
  for (const draft of drafts) keys.add(`${draft.template_id}:${draft.template_version}`);
  for (const record of records) {
    if (record.type === 'inspection') keys.add(`${record.document.template_id}:${record.document.template_version}`);
  }
  return keys;
}

/** Delete the thumbnails of hazards (or the photos of returned inspections) the phone no longer holds (``keep``:
 * the UUIDs of those still there; ``index``: the one naming what a thumbnail belongs to). */
async function dropThumbsExcept(thumbs, keep, index = 'hazard_uuid') {
  let cursor = await thumbs.index(index).openKeyCursor();
  while (cursor) {
    if (!keep.has(cursor.key)) await thumbs.delete(cursor.primaryKey);
    cursor = await cursor.continue();
  }
}

/**
 * Apply one pull in one transaction: all of it lands, or none of it (a crash mid-way leaves the old cursor).
 * Template versions that a draft or a queued inspection uses are kept, only marked retired.
 * @param {import('../wire.js').PullResponse} pull
 */
export async function applyPull(pull) {
  const db = await database();
  const tx = db.transaction(SCOPE_STORES, 'readwrite');
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
  const tasks = tx.objectStore('tasks');
  if (pull.full) await tasks.clear();
  for (const key of removed.tasks || []) await tasks.delete(key);
  for (const task of pull.tasks || []) await tasks.put(task);
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

  await applyReturned(tx, pull, removed);

  const meta = tx.objectStore('meta');
  // Short lists, complete in every pull (a delta too): replaced whole.
  if (pull.campaigns) await meta.put(pull.campaigns, 'campaigns');
  if (pull.staff) await meta.put(pull.staff, 'staff');
  // The document numbers reserved for this phone (store/numbers.js).
  await applyNumberBlocks(meta, pull.number_blocks);
  // An enterprise account's documents: the list whole, and the PDFs of documents no longer on it (or changed) go.
  if (pull.documents) {
    await meta.put(pull.documents, 'documents');
    const listed = new Map(pull.documents.map((doc) => [doc.id, doc.sha256]));
    const files = tx.objectStore('document_files');
    for (const file of await files.getAll()) if (listed.get(file.id) !== file.sha256) await files.delete(file.id);
  }
  if (pull.inspections && pull.inspections.length) {
    const sent = (await meta.get('sent')) || [];
    const reviews = new Map(pull.inspections.map((row) => [row.uuid, row]));
    await meta.put(sent.map((entry) => (reviews.has(entry.uuid) ? { ...entry, ...reviews.get(entry.uuid) } : entry)),
      'sent');
  }
  await meta.put(pull.cursor, 'cursor');
  await tx.done;
}

/** The returned inspections of one pull, inside its transaction: the ones amended on this phone stay marked so. */
async function applyReturned(tx, pull, removed) {
  const returned = tx.objectStore('returned');
  const amended = new Map((await returned.getAll()).filter((doc) => doc.amended_by)
    .map((doc) => [doc.uuid, doc.amended_by]));
  if (pull.full) await returned.clear();
  for (const key of removed.returned || []) await returned.delete(key);
  for (const doc of pull.returned || []) {
    await returned.put(amended.has(doc.uuid) ? { ...doc, amended_by: amended.get(doc.uuid) } : doc);
  }
  if (pull.full || (removed.returned || []).length) {
    await dropThumbsExcept(tx.objectStore('returned_photos'), new Set(await returned.getAllKeys()), 'inspection_uuid');
  }
}

/** The user's returned inspections as pull delivered them (with ``amended_by`` once amended on this phone). */
export async function listReturned() {
  return (await database()).getAll('returned');
}

export async function getReturned(uuid) {
  return (await database()).get('returned', uuid);
}

export async function markReturnedAmended(uuid, draftUuid) {
  const db = await database();
  const tx = db.transaction('returned', 'readwrite');
  const doc = await tx.store.get(uuid);
  if (doc) await tx.store.put({ ...doc, amended_by: draftUuid });
  await tx.done;
}

/** A stored photo or signature of a returned inspection (with its ``blob``), or undefined. */
export async function getReturnedPhoto(uuid) {
  return withBlob(await (await database()).get('returned_photos', uuid));
}

/** UUIDs of the returned inspections' photos on the phone. */
export async function listReturnedPhotoKeys() {
  return (await database()).getAllKeys('returned_photos');
}

/** Store a fetched photo of a returned inspection, unless the inspection left the phone meanwhile. */
export async function putReturnedPhoto(photo) {
  const db = await database();
  const stored = await storable(db, photo);
  const tx = db.transaction(['returned', 'returned_photos'], 'readwrite');
  if (await tx.objectStore('returned').getKey(photo.inspection_uuid)) await tx.objectStore('returned_photos').put(stored);
  await tx.done;
}

/** Forget the previous user's scope (enterprises, templates, hazards and their thumbnails, tasks, returned
 * inspections and their photos, cursor); drafts and the outbox stay. */
export async function clearScope() {
  const db = await database();
  const tx = db.transaction(SCOPE_STORES, 'readwrite');
  const pinned = pinnedTemplateKeys(await tx.objectStore('drafts').getAll(), await tx.objectStore('outbox').getAll());
  await tx.objectStore('enterprises').clear();
  await tx.objectStore('hazards').clear();
  await tx.objectStore('thumbs').clear();
  await tx.objectStore('tasks').clear();
  await tx.objectStore('returned').clear();
  await tx.objectStore('returned_photos').clear();
  await tx.objectStore('document_files').clear();
  const templates = tx.objectStore('templates');
  for (const template of await templates.getAll()) {
    if (!pinned.has(`${template.id}:${template.version}`)) await templates.delete([template.id, template.version]);
  }
  const meta = tx.objectStore('meta');
  // Number blocks are the previous user's; numbers given on their documents stay until those are sent.
  for (const key of ['cursor', 'campaigns', 'staff', 'number_blocks', 'documents']) await meta.delete(key);
  await tx.done;
}

// --- the hazards' evidence thumbnails ---------------------------------------------------------

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

// --- an enterprise account's documents and their PDFs -------------------------------------------

/**
 * @typedef {Object} EnterpriseDocument  The pull's ``documents``: addressed to the account's enterprise.
 * @property {number} id
 * @property {string} type  inspection_record | rectification_order | recheck_opinion | onsite_measures
 * @property {string} number  As printed: 区应急责改〔2026〕第012号.
 * @property {string} issued_on  YYYY-MM-DD
 * @property {string} sha256
 * @property {boolean} superseded
 * @property {string} pdf_url
 */

/** The documents of the last pull, newest first. @returns {Promise<EnterpriseDocument[]>} */
export async function listDocuments() {
  return (await (await database()).get('meta', 'documents')) || [];
}

/** The stored PDF of a document (``{id, sha256, blob}``), or undefined. */
export async function getDocumentFile(id) {
  return withBlob(await (await database()).get('document_files', id));
}

/** Keep a document's PDF, unless the document left the list meanwhile or changed. */
export async function putDocumentFile(file) {
  const db = await database();
  const stored = await storable(db, file);
  const tx = db.transaction(['meta', 'document_files'], 'readwrite');
  const listed = ((await tx.objectStore('meta').get('documents')) || []).find((doc) => doc.id === file.id);
  if (listed && listed.sha256 === file.sha256) await tx.objectStore('document_files').put(stored);
  await tx.done;
}

/** The ids of the documents whose PDF is on the phone, with the hash each was stored for. */
export async function documentFileHashes() {
  const files = await (await database()).getAll('document_files');
  return new Map(files.map((file) => [file.id, file.sha256]));
}
