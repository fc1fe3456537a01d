// The outbox: finished inspections and hazard events (re-checks, rectification reports) waiting for the server,
// and the policy for each answer. Queue logic only: no DOM, no network. A record leaves only after the server
// acknowledged it (a 2xx).
import { missingItems, signatureProblems, toDocument } from './draft.js';
import { documentPhotos, documentRequest } from './documents.js';
import { outdatedSignature, outdatedSignatureMessage, signedContentSha256 } from './signed-content.js';
import {
  completeOutboxRecord, discardOutboxRecord, inOutbox, listOutbox, putOutboxRecord, queueDraft, queueHazardEvent,
  reopenDraft, updateOutboxRecord, updateSentEntry,
} from './store/outbox.js';
import { isoWithOffset } from './util.js';

/** Per-record states shown on the outbox screen. */
export const STATUS = {
  PENDING: 'pending', // waiting for its turn
  SENDING: 'sending', // uploading photos or the inspection right now
  WAITING: 'waiting', // the network or the server failed; retried with backoff
  SIGN_IN: 'sign_in', // the session expired; sent after signing in again
  ATTENTION: 'needs_attention', // the server refused it; the inspector must correct the draft or decide
};

const BACKOFF_BASE_MS = 5000;
const BACKOFF_CAP_MS = 10 * 60 * 1000;

/**
 * @typedef {Object} OutboxRecord
 * @property {string} uuid  The inspection's UUID, or the hazard event's.
 * @property {'inspection'|'hazard_event'} type
 * @property {string} [hazard_uuid]  A hazard event's hazard (where it is sent: /api/v1/hazards/<uuid>/events).
 * @property {number} user_id  Only this user's session may send it.
 * @property {import('./wire.js').InspectionDocument|import('./wire.js').HazardEventDocument} document
 * @property {string[]} photos  Photo UUIDs to upload first, in order.
 * @property {string[]} uploaded  Those the server has acknowledged already.
 * @property {boolean} [inspection_stored]  The server has the inspection; only its documents are still to send.
 * @property {string} status  One of STATUS.
 * @property {{status: number, code: string, message: string, field: string|null}|null} error
 * @property {number} attempts
 * @property {string} queued_at
 * @property {string|null} last_attempt_at
 * @property {{enterprise_name: string, template_name: string, hazards: number}
 *   |{enterprise_code: string, enterprise_name: string, description: string, level: string}} summary
 */

/** The sending state every record starts the queue with. */
function newlyQueued() {
  return { status: STATUS.PENDING, error: null, attempts: 0, queued_at: isoWithOffset(), last_attempt_at: null };
}

/** The photos a document refers to, signatures included, each once. */
export function documentPhotoUuids(doc) {
  const uuids = [];
  for (const answer of doc.answers) uuids.push(...answer.photos);
  for (const hazard of doc.hazards) uuids.push(...hazard.photos, ...hazard.rectification_photos);
  for (const key of ['inspector', 'representative']) if (doc.signatures[key]) uuids.push(doc.signatures[key]);
  return [...new Set(uuids)];
}

/** The documents issued on site with the draft (documents.js), as the requests that issue them on the server. */
function issuedDocuments(draft) {
  return Object.values(draft.documents || {}).filter((doc) => doc.issued_at);
}

/** Queue a finished draft's document: the draft becomes read-only (``queued``) in the same transaction. */
export async function enqueue(draft, document) {
  const issued = issuedDocuments(draft);
  /** @type {OutboxRecord} */
  const record = {
    uuid: draft.uuid,
    type: 'inspection',
    user_id: draft.user_id,
    document,
    // Sent after the inspection, each once the server has it (``documents_sent``, by type).
    documents: issued.map((doc) => documentRequest(doc, draft.uuid)),
    documents_sent: [],
    photos: [...new Set([...documentPhotoUuids(document), ...issued.flatMap(documentPhotos)])],
    // Photos carried over from a returned inspection are on the server already (revision.js).
    uploaded: documentPhotoUuids(document).filter((photo) => (draft.carried_photos || []).includes(photo)),
    ...newlyQueued(),
    summary: {
      enterprise_name: draft.enterprise_name,
      template_name: draft.template_name,
      hazards: document.hazards.length,
    },
  };
  await queueDraft({ ...draft, state: 'queued', server_error: null }, record);
  return record;
}

/**
 * Finish a draft and queue it (the finish page's Submit): nothing is queued while an item, a signature or the
 * representative's name is missing. Answers what is missing: ``{missing, problems}``, both empty once queued.
 */
export async function finishDraft(draft, template) {
  const missing = missingItems(draft, template);
  const problems = signatureProblems(draft);
  const outdated = await outdatedSignature(draft, template);
  if (outdated) problems.push(outdatedSignatureMessage(outdated));
  if (missing.length || problems.length) return { missing, problems };
  draft.finished_at = isoWithOffset();
  const document = toDocument(draft, template);
  // What the representative's signature covers: the server refuses a document whose content differs. Not said
  // of a signature carried by a draft made before the phone knew what it covered: the server records it as
  // belonging to the revision it was given on.
  const representative = document.signatures.representative;
  if (representative && (draft.signed_for || !(draft.carried_photos || []).includes(representative))) {
    document.signatures.representative_signed_sha256 = await signedContentSha256(document);
  }
  await enqueue(draft, document);
  draft.state = 'queued'; // the caller's copy too, so nothing written later reopens it
  return { missing, problems };
}

/**
 * How many of a record's photos, and of its signatures, the server has acknowledged: counted apart, because a
 * signature is not evidence of what was found and "2 photos" must not read as 4.
 * @returns {{photos: {sent: number, total: number}, signatures: {sent: number, total: number}}}
 */
export function uploadProgress(record) {
  const doc = record.document;
  const signed = record.type === 'hazard_event' ? [doc.signature]
    : [(doc.signatures || {}).inspector, (doc.signatures || {}).representative];
  const signatures = new Set(signed.filter(Boolean));
  const uploaded = new Set(record.uploaded);
  const count = (uuids) => ({ sent: uuids.filter((uuid) => uploaded.has(uuid)).length, total: uuids.length });
  return {
    photos: count(record.photos.filter((uuid) => !signatures.has(uuid))),
    signatures: count(record.photos.filter((uuid) => signatures.has(uuid))),
  };
}

/** The photos a hazard event refers to (its signature included), each once. */
export function eventPhotoUuids(doc) {
  return [...new Set([...doc.photos, doc.signature].filter(Boolean))];
}

/**
 * Queue a hazard event with its photos (photo records with their Blobs), in one transaction.
 * @param {{user: {id: number}, hazard: import('./wire.js').Hazard, enterpriseName: string,
 *          document: import('./wire.js').HazardEventDocument, photos: object[]}} event
 */
export async function enqueueHazardEvent({ user, hazard, enterpriseName, document, photos }) {
  /** @type {OutboxRecord} */
  const record = {
    uuid: document.uuid,
    type: 'hazard_event',
    hazard_uuid: hazard.uuid,
    user_id: user.id,
    document,
    photos: eventPhotoUuids(document),
    uploaded: [],
    ...newlyQueued(),
    summary: {
      enterprise_code: hazard.enterprise_code,
      enterprise_name: enterpriseName || hazard.enterprise_name || hazard.enterprise_code,
      description: hazard.description,
      level: hazard.level,
    },
  };
  await queueHazardEvent(record, photos);
  return record;
}

/** The server stored the inspection itself: what remains to send are its documents. */
export async function markInspectionStored(record) {
  record.inspection_stored = true;
  return updateOutboxRecord(record);
}

/** The server stored one of the record's documents (answer: its number as printed). */
export async function markDocumentSent(record, request, answer) {
  record.documents_sent = [...(record.documents_sent || []), request.type];
  record.documents_numbered = { ...(record.documents_numbered || {}),
    [request.type]: { reference: (answer && answer.number) || '', at_sync: !request.number } };
  return updateOutboxRecord(record);
}

/** The record's documents the server does not have yet. */
export function documentsToSend(record) {
  return (record.documents || []).filter((request) => !(record.documents_sent || []).includes(request.type));
}

/** Where a record goes: inspections to the collection, hazard events to their hazard. */
export function destination(record) {
  return record.type === 'hazard_event'
    ? `/api/v1/hazards/${encodeURIComponent(record.hazard_uuid)}/events` : '/api/v1/inspections';
}

/** Records this user's session may send now, oldest first (refused ones wait for the inspector). */
export async function sendable(userId) {
  return (await listOutbox()).filter((record) => record.user_id === userId && record.status !== STATUS.ATTENTION);
}

/** How to treat a failed request: ``retry`` later, ask to ``sign_in``, or needs the inspector's ``attention``. */
export function classify(error) {
  if (error.signedOut) return 'sign_in';
  if (error.transient) return 'retry';
  return 'attention';
}

/** Milliseconds before retry number ``failures``: exponential, capped, with full jitter so phones spread out. */
export function backoffDelay(failures, random = Math.random) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(1000, Math.round(random() * ceiling));
}

// The marks below answer whether the record is still in the outbox: false when another tab of the app has had it
// acknowledged meanwhile, and then they write nothing.

export async function markSending(record) {
  record.status = STATUS.SENDING;
  record.attempts += 1;
  record.last_attempt_at = isoWithOffset();
  return updateOutboxRecord(record);
}

export async function markPhotoUploaded(record, photoUuid) {
  if (!record.uploaded.includes(photoUuid)) record.uploaded.push(photoUuid);
  return updateOutboxRecord(record);
}

/** Whether the record is still waiting in the outbox (not acknowledged through another tab meanwhile). */
export function stillQueued(record) {
  return inOutbox(record.uuid);
}

/** Record a failure on the record, in the state ``classify`` chose (nothing when the record has left). */
export async function markFailed(record, error) {
  const kind = classify(error);
  record.status = { retry: STATUS.WAITING, sign_in: STATUS.SIGN_IN, attention: STATUS.ATTENTION }[kind];
  record.error = { status: error.status, code: error.code, message: error.message, field: error.field || null };
  await updateOutboxRecord(record);
  return kind;
}

/**
 * The server stored the hazard event. It may have stored it without applying it (a colleague closed the hazard
 * first): the sent entry keeps ``applied`` and the server's reason, so the phone shows it instead of dropping it.
 */
async function acknowledgeHazardEvent(record, answer) {
  const event = (answer && answer.event) || {};
  await completeOutboxRecord(record.uuid, {
    uuid: record.uuid,
    kind: 'hazard_event',
    event_type: record.document.type,
    hazard_uuid: record.hazard_uuid,
    enterprise_code: record.summary.enterprise_code,
    enterprise_name: record.summary.enterprise_name,
    description: record.summary.description,
    new_deadline: record.document.new_deadline,
    at: record.document.at,
    sent_at: isoWithOffset(),
    applied: event.applied !== false,
    reason: event.applied === false ? (event.reason || '') : null,
  });
}

/** The server stored the record: the record, its draft and its photos leave the phone. */
export async function acknowledge(record, stored) {
  if (record.type === 'hazard_event') {
    await acknowledgeHazardEvent(record, stored);
    return;
  }
  await completeOutboxRecord(record.uuid, {
    uuid: record.uuid,
    enterprise_name: record.summary.enterprise_name,
    template_name: record.summary.template_name,
    finished_at: record.document.finished_at,
    sent_at: isoWithOffset(),
    review_state: (stored && stored.review_state) || 'submitted',
    review_comment: (stored && stored.review_comment) || '',
    // The numbers the documents carry as the server stored them (one issued without a number got it at sync).
    documents: record.documents_numbered || {},
  });
}

/** The user has read why the server did not apply a sent event: stop calling attention to it. */
export async function markNoticeRead(uuid) {
  await updateSentEntry(uuid, { read: true });
}

/** A refused hazard event, to be sent again as it is (the cause was fixed elsewhere, e.g. the scope). */
export async function sendAgain(record) {
  await putOutboxRecord({ ...record, status: STATUS.PENDING, error: null });
}

/**
 * The user chose to delete a refused record: a hazard event, or an inspection (stored or not) whose documents
 * the server refused. It leaves the phone with its draft and photos; the numbers its documents carried and the
 * server did not store are released as void at the next sync, never given again.
 */
export async function discardRefused(record) {
  if (record.status !== STATUS.ATTENTION) throw new Error('only a refused record can be deleted');
  await discardOutboxRecord(record.uuid);
}

/** Put a refused record back into drafts so the inspector can correct it. */
export async function returnToDraft(uuid) {
  return reopenDraft(uuid);
}

/** Counts for the home screen: records of ``userId`` by state. */
export async function counts(userId) {
  const records = (await listOutbox()).filter((record) => record.user_id === userId);
  return {
    total: records.length,
    attention: records.filter((record) => record.status === STATUS.ATTENTION).length,
  };
}
