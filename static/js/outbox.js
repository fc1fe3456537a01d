// The outbox: finished inspections waiting for the server, and the policy for each answer.
// Queue logic only: no DOM, no network. A record leaves only after the server acknowledged it (a 2xx).
import {
  completeOutboxRecord, listOutbox, putOutboxRecord, queueDraft, reopenDraft,
} from './db.js';
import { isoWithOffset } from './util.js';

/** Per-record states shown on the outbox screen. */
export const STATUS = {
  PENDING: 'pending', // waiting for its turn
  SENDING: 'sending', // uploading photos or the inspection right now
  WAITING: 'waiting', // the network or the server failed; retried with backoff
  SIGN_IN: 'sign_in', // the session expired; sent after signing in again
  ATTENTION: 'needs_attention', // the server refused it; the inspector must correct the draft
};

const BACKOFF_BASE_MS = 5000;
const BACKOFF_CAP_MS = 10 * 60 * 1000;

/**
 * @typedef {Object} OutboxRecord
 * @property {string} uuid  The inspection's UUID.
 * @property {'inspection'} type
 * @property {number} user_id  Only this user's session may send it.
 * @property {import('./wire.js').InspectionDocument} document
 * @property {string[]} photos  Photo UUIDs to upload first, in order.
 * @property {string[]} uploaded  Those the server has acknowledged already.
 * @property {string} status  One of STATUS.
 * @property {{status: number, code: string, message: string, field: string|null}|null} error
 * @property {number} attempts
 * @property {string} queued_at
 * @property {string|null} last_attempt_at
 * @property {{enterprise_name: string, template_name: string, hazards: number}} summary
 */

/** The photos a document refers to, signatures included, each once. */
export function documentPhotoUuids(doc) {
  const uuids = [];
  for (const answer of doc.answers) uuids.push(...answer.photos);
  for (const hazard of doc.hazards) uuids.push(...hazard.photos, ...hazard.rectification_photos);
  for (const key of ['inspector', 'representative']) if (doc.signatures[key]) uuids.push(doc.signatures[key]);
  return [...new Set(uuids)];
}

/** Queue a finished draft's document: the draft becomes read-only (``queued``) in the same transaction. */
export async function enqueue(draft, document) {
  /** @type {OutboxRecord} */
  const record = {
    uuid: draft.uuid,
    type: 'inspection',
    user_id: draft.user_id,
    document,
    photos: documentPhotoUuids(document),
    uploaded: [],
    status: STATUS.PENDING,
    error: null,
    attempts: 0,
    queued_at: isoWithOffset(),
    last_attempt_at: null,
    summary: {
      enterprise_name: draft.enterprise_name,
      template_name: draft.template_name,
      hazards: document.hazards.length,
    },
  };
  await queueDraft({ ...draft, state: 'queued', server_error: null }, record);
  return record;
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

export async function markSending(record) {
  record.status = STATUS.SENDING;
  record.attempts += 1;
  record.last_attempt_at = isoWithOffset();
  await putOutboxRecord(record);
}

export async function markPhotoUploaded(record, photoUuid) {
  if (!record.uploaded.includes(photoUuid)) record.uploaded.push(photoUuid);
  await putOutboxRecord(record);
}

/** Record a failure on the record, in the state ``classify`` chose. */
export async function markFailed(record, error) {
  const kind = classify(error);
  record.status = { retry: STATUS.WAITING, sign_in: STATUS.SIGN_IN, attention: STATUS.ATTENTION }[kind];
  record.error = { status: error.status, code: error.code, message: error.message, field: error.field || null };
  await putOutboxRecord(record);
  return kind;
}

/** The server stored the inspection: the record, its draft and its photos leave the phone. */
export async function acknowledge(record, stored) {
  await completeOutboxRecord(record.uuid, {
    uuid: record.uuid,
    enterprise_name: record.summary.enterprise_name,
    template_name: record.summary.template_name,
    finished_at: record.document.finished_at,
    sent_at: isoWithOffset(),
    review_state: (stored && stored.review_state) || 'submitted',
    review_comment: (stored && stored.review_comment) || '',
  });
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
