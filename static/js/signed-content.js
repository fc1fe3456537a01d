// What the enterprise representative signs, as a fingerprint the phone computes offline and the server computes
// again (safety/inspections/signatures.py, the same definition): the SHA-256 of the canonical JSON of the
// document's answers and hazards (三定 included), its checklist, kind and notes. Times, the location and the
// signatures themselves are left out: an amendment is finished later, at the office. No DOM here.
//
// An amended returned inspection (revision.js) may keep the representative's signature only while this
// fingerprint is the one the signature was given for; otherwise it asks for a new signature or the reason the
// amendment was made without the enterprise.
import { toDocument } from './draft.js';
import { t } from './i18n.js';

// Python's str.strip() set, which the server's parser applies: JavaScript's trim() also strips U+FEFF and
// keeps U+001C–U+001F and U+0085.
const EDGE_SPACE = /^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function text(value) {
  return (value || '').replace(EDGE_SPACE, '');
}

/** An answer's value as text, as the server writes it: a number as JavaScript writes it, empty as null. */
function valueText(value) {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'number' ? String(value) : value;
}

/** JSON with keys sorted and no whitespace: the canonical form of safety/common/canonical.py. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

const byKey = (key) => (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
const sortedPhotos = (photos) => [...(photos || [])].map((photo) => photo.toLowerCase()).sort();

/** The signed content of an inspection document (the shape the server receives), as a plain object. */
export function signedContent(doc) {
  const answers = doc.answers.map((answer) => ({
    item_id: text(answer.item_id), result: answer.result ?? null, value: valueText(answer.value),
    note: text(answer.note), photos: sortedPhotos(answer.photos),
  })).sort(byKey('item_id'));
  const hazards = doc.hazards.map((hazard) => ({
    uuid: hazard.uuid.toLowerCase(), item_id: text(hazard.item_id) || null, description: text(hazard.description),
    level: hazard.level, mode: hazard.mode, responsible_person: text(hazard.responsible_person),
    measures: text(hazard.measures), deadline: hazard.deadline || null, photos: sortedPhotos(hazard.photos),
    rectification_photos: sortedPhotos(hazard.rectification_photos),
  })).sort(byKey('uuid'));
  return {
    enterprise_code: text(doc.enterprise_code), template_id: doc.template_id, template_version: doc.template_version,
    kind: doc.kind, notes: text(doc.notes), answers, hazards,
  };
}

/** The fingerprint of what the representative signs in ``doc``: 64 hex characters. */
export async function signedContentSha256(doc) {
  const bytes = new TextEncoder().encode(canonicalJson(signedContent(doc)));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether the representative's signature on ``draft`` was carried over from a returned inspection (revision.js)
 * for content the inspector has changed since. Answers the revision it was given on (a number, or true when
 * unknown), or false when the signature still stands or was drawn for this draft.
 */
export async function outdatedSignature(draft, template) {
  const carried = draft.signed_for;
  if (!carried || !draft.signatures.representative || draft.signatures.representative !== carried.representative) return false;
  if (carried.sha256 && carried.sha256 === await signedContentSha256(toDocument(draft, template))) return false;
  return carried.revision || true;
}

/** What the finish page says of an outdated signature (``revision`` as :func:`outdatedSignature` answers it). */
export function outdatedSignatureMessage(revision) {
  return typeof revision === 'number'
    ? t('The enterprise representative signed revision %(revision)s, and what they signed has changed: ask them to sign again, or give the reason it is amended without the enterprise.', { revision })
    : t('What the enterprise representative signed has changed: ask them to sign again, or give the reason it is amended without the enterprise.');
}
