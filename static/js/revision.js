// Returned inspections (退回): the reviewer's comment arrives with pull on the "sent" history; "amend and
// resubmit" opens a new draft pre-filled from the returned document, sent as a NEW inspection (new UUID) with
// ``revision_of`` naming the returned one. No DOM here.
//
// The pre-fill comes from GET /api/v1/inspections/<uuid>, not from a copy kept on the phone: the server's copy is
// exactly what the reviewer judged, the phone frees a sent document and its photo Blobs as soon as the server
// acknowledges it (storage for a day of 300 photos matters more), and the return itself only reaches the phone
// through a sync, so a network was there moments ago. Photos stay on the server: the draft lists them as
// ``carried_photos`` so the outbox does not try to upload what the phone no longer holds.
import { request } from './api.js';
import { saveDraft } from './store/drafts.js';
import { updateSentEntry } from './store/outbox.js';
import { getEnterprise, getTemplate, listCurrentTemplates } from './store/pulled.js';
import { isoWithOffset, uuid } from './util.js';

/** Sent inspections the reviewer returned that have not been amended yet on this phone, newest first. */
export function returnedInspections(sent) {
  return (sent || []).filter((entry) => !entry.kind && entry.review_state === 'returned' && !entry.amended_by);
}

/** The template version the returned document used, or the newest version of that template on the phone. */
async function templateFor(doc) {
  const pinned = await getTemplate(doc.template_id, doc.template_version);
  if (pinned) return pinned;
  return (await listCurrentTemplates()).find((template) => template.id === doc.template_id) || null;
}

function photosOf(doc) {
  const uuids = [];
  for (const answer of doc.answers) uuids.push(...answer.photos);
  for (const hazard of doc.hazards) uuids.push(...hazard.photos, ...hazard.rectification_photos);
  if (doc.signatures) for (const key of ['inspector', 'representative']) if (doc.signatures[key]) uuids.push(doc.signatures[key]);
  return [...new Set(uuids)];
}

/** A draft pre-filled from the returned document ``doc`` (as the server holds it), for ``user``. */
export function draftFromReturned(doc, user, template, enterpriseName) {
  const items = new Set(template.sections.flatMap((section) => section.items.map((item) => item.id)));
  const answers = {};
  for (const answer of doc.answers) {
    if (!items.has(answer.item_id)) continue;
    answers[answer.item_id] = { result: answer.result, value: answer.value, note: answer.note || '', photos: [...answer.photos] };
  }
  const hazards = {};
  for (const hazard of doc.hazards) {
    if (!hazard.item_id || !items.has(hazard.item_id)) continue;
    // The same hazard UUIDs: the server recognises them as the hazards it stored with the returned inspection.
    hazards[hazard.item_id] = {
      uuid: hazard.uuid, item_id: hazard.item_id, description: hazard.description, level: hazard.level, mode: hazard.mode,
      responsible_person: hazard.responsible_person || '', measures: hazard.measures || '', deadline: hazard.deadline,
      photos: [...hazard.photos], rectification_photos: [...hazard.rectification_photos],
    };
  }
  const now = isoWithOffset();
  const signatures = doc.signatures || {};
  return {
    uuid: uuid(),
    revision_of: doc.uuid,
    // The amendment stays one of its visit's checklists on the review page.
    visit_uuid: doc.visit_uuid || null,
    review_comment: doc.review_comment || '',
    carried_photos: photosOf(doc),
    user_id: user.id,
    enterprise_code: doc.enterprise_code,
    enterprise_name: enterpriseName,
    template_id: template.id,
    template_version: template.version,
    template_name: template.name,
    kind: doc.kind,
    identified_by: doc.identified_by,
    started_at: doc.started_at,
    finished_at: null,
    location: doc.location,
    answers,
    hazards,
    notes: doc.notes || '',
    signatures: { inspector: signatures.inspector || null, representative: signatures.representative || null },
    representative_name: signatures.representative_name || '',
    state: 'editing',
    position: 0,
    layout: 'single',
    updated_at: now,
  };
}

/**
 * Open a returned inspection for amending: fetch it, save the pre-filled draft, and mark the sent entry as amended.
 * Throws the ApiError of the fetch (offline: status 0), or an Error when the checklist is not on the phone.
 * @returns {Promise<string>} the new draft's UUID
 */
export async function amendReturned(user, entry) {
  const doc = await request('GET', `/api/v1/inspections/${encodeURIComponent(entry.uuid)}`);
  const template = await templateFor(doc);
  if (!template) throw new Error('template_missing');
  const enterprise = await getEnterprise(doc.enterprise_code);
  const draft = draftFromReturned(doc, user, template, (enterprise && enterprise.name) || entry.enterprise_name);
  await saveDraft(draft);
  await updateSentEntry(entry.uuid, { amended_by: draft.uuid });
  return draft.uuid;
}
