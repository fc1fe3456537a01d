// Returned inspections (退回): the reviewer's comment arrives with pull on the "sent" history; "amend and
// resubmit" opens a new draft pre-filled from the returned document, sent as a NEW inspection (new UUID) with
// ``revision_of`` naming the returned one. No DOM here.
//
// Pull also delivers the user's returned inspections themselves, to whichever phone the user signs in on (a
// replaced or reset phone never sent them), with the URLs of their photos and signatures: after each pull the
// phone fetches those (refreshReturnedPhotos), so the amendment can be made with no network. The server's copy is
// exactly what the reviewer judged; the phone frees a sent document and its photo Blobs as soon as the server
// acknowledges it. A phone that has not pulled since the return fetches the document when amending. Photos stay
// on the server: the draft lists them as ``carried_photos`` so the outbox does not try to upload them.
import { request } from './api.js';
import { saveDraft } from './store/drafts.js';
import { updateSentEntry } from './store/outbox.js';
import {
  campaignsByCode, getEnterprise, getReturned, getReturnedPhoto, getTask, getTemplate, listCurrentTemplates,
  listReturnedPhotoKeys, markReturnedAmended, putReturnedPhoto,
} from './store/pulled.js';
import { fetchImage } from './thumbs.js';
import { isoWithOffset, uuid } from './util.js';

/**
 * Inspections the reviewer returned that have not been amended yet on this phone: those pull delivered
 * (``pulled``), then sent ones it has not delivered (yet), newest first.
 */
export function returnedInspections(sent, pulled = []) {
  const delivered = new Set(pulled.map((doc) => doc.uuid));
  const amended = new Set([...pulled, ...(sent || [])].filter((entry) => entry.amended_by).map((entry) => entry.uuid));
  return [...pulled, ...(sent || []).filter((entry) => !entry.kind && entry.review_state === 'returned'
    && !delivered.has(entry.uuid))]
    .filter((entry) => !amended.has(entry.uuid))
    .sort((a, b) => (b.finished_at || '').localeCompare(a.finished_at || ''));
}

const isSignature = (photo) => (photo.purpose || '').endsWith('_signature');

/**
 * Fetch the photos and signatures of the returned inspections that the phone does not hold yet (thumbnails;
 * signatures at display size, as the signature pad shows them). Best effort, like the hazards' thumbnails: a
 * failed network stops it and the next sync goes on.
 */
export async function refreshReturnedPhotos(returned) {
  const held = new Set(await listReturnedPhotoKeys());
  for (const doc of returned) {
    for (const photo of doc.photos || []) {
      if (held.has(photo.uuid)) continue;
      const size = await fetchImage(isSignature(photo) ? photo.display_url : photo.thumb_url, (blob) => putReturnedPhoto({
        uuid: photo.uuid, inspection_uuid: doc.uuid, blob, size: blob.size, stored_at: Date.now(),
      }));
      if (size === null) return;
      held.add(photo.uuid);
    }
  }
}

/**
 * How a photo carried over from a returned inspection is shown: the copy fetched after the pull (works offline),
 * else from the server. ``size``: 'thumb' or 'display'.
 */
export async function carriedPhoto(photoUuid, size) {
  const stored = await getReturnedPhoto(photoUuid);
  return stored ? { uuid: photoUuid, blob: stored.blob } : { uuid: photoUuid, src: `/photos/${encodeURIComponent(photoUuid)}/${size}.jpg` };
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

/** The draft's team from the document's (the server's answer): staff by username, outside participants by name. */
function teamFromDocument(team, user) {
  if (!team || !team.length) return [{ username: user.username, display_name: user.name }];
  return team.map((member) => (member.username ? { username: member.username, display_name: member.name }
    : { name: member.name, organisation: member.organisation, role: member.role }));
}

/** The draft's task for ``uuid`` as "my tasks" opens one, from the pulled task and its campaign. A task no longer
 * on the phone (done, or its campaign closed) is still named: the server keeps it on the revision anyway. */
async function taskOfReturned(uuid) {
  const stored = await getTask(uuid);
  const campaign = stored && (await campaignsByCode()).get(stored.campaign.code);
  return {
    uuid, campaign_code: campaign ? campaign.code : '', campaign_name: campaign ? campaign.name : '',
    enforcement: Boolean(campaign && campaign.enforcement),
  };
}

/** A draft pre-filled from the returned document ``doc`` (as the server holds it), for ``user``. */
export function draftFromReturned(doc, user, template, enterpriseName, task = null) {
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
    // The signature stays only while what it covers is unchanged (signed-content.js).
    signed_for: signatures.representative ? {
      representative: signatures.representative, sha256: signatures.representative_signed_sha256 || null,
      revision: signatures.representative_signed_revision || null,
    } : null,
    representative_absent_reason: '',
    // The task it was made for and who was there stay with the amendment: the team is part of the record
    // (出动人次, who may read it), and the amendment is still the task's inspection.
    task,
    team: teamFromDocument(doc.team, user),
    state: 'editing',
    position: 0,
    layout: 'single',
    updated_at: now,
  };
}

/**
 * Open a returned inspection for amending: the copy pull delivered (else fetched), save the pre-filled draft, and
 * mark the returned inspection as amended. Throws the ApiError of the fetch (offline: status 0), or an Error when
 * the checklist is not on the phone.
 * @returns {Promise<string>} the new draft's UUID
 */
export async function amendReturned(user, entry) {
  const doc = (await getReturned(entry.uuid)) || await request('GET', `/api/v1/inspections/${encodeURIComponent(entry.uuid)}`);
  const template = await templateFor(doc);
  if (!template) throw new Error('template_missing');
  const enterprise = await getEnterprise(doc.enterprise_code);
  const task = doc.task_uuid ? await taskOfReturned(doc.task_uuid) : null;
  const draft = draftFromReturned(doc, user, template, (enterprise && enterprise.name) || entry.enterprise_name, task);
  await saveDraft(draft);
  await updateSentEntry(entry.uuid, { amended_by: draft.uuid });
  await markReturnedAmended(entry.uuid, draft.uuid);
  return draft.uuid;
}
