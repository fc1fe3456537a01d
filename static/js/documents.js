// Documents issued on site at the end of an inspection (DESIGN.md, "Enforcement documents"): which ones an
// inspection calls for, what each says (read from the draft, as the server reads it from the stored records),
// and the proof of service. No DOM and no storage here.
import { t } from './i18n.js';
import { answerOf, flatItems, resultOf } from './draft.js';
import { isoWithOffset, uuid } from './util.js';

export const INSPECTION_RECORD = 'inspection_record'; // 现场检查记录
export const RECTIFICATION_ORDER = 'rectification_order'; // 责令限期整改指令书
export const ONSITE_MEASURES = 'onsite_measures'; // 现场处理措施决定书
export const FIELD_TYPES = [INSPECTION_RECORD, RECTIFICATION_ORDER, ONSITE_MEASURES];

// 现场处理措施: what an inspector may order on the spot (a hazard's ``onsite_measure.measure``).
export const MEASURES = ['stop_equipment', 'stop_work', 'withdraw_people'];
// How a document reached the enterprise (送达方式): handed over and signed for, or left on site after a refusal.
export const SERVICE_METHODS = ['in_person', 'left_on_site'];

export function documentTitle(type) {
  return {
    [INSPECTION_RECORD]: t('On-site inspection record'),
    [RECTIFICATION_ORDER]: t('Order to rectify by a deadline'),
    [ONSITE_MEASURES]: t('Decision on on-site measures'),
    recheck_opinion: t('Rectification re-inspection opinion'), // 整改复查意见书: issued in the office
  }[type] || type;
}

export { measureLabel } from './labels.js';

export function serviceMethodLabel(method) {
  return { in_person: t('Handed to the representative'), left_on_site: t('Left on site (refused to sign)') }[method]
    || method;
}

/** A document number as printed, with the office's prefix for its type: 园安监责改〔2026〕第012号; null while the
 * phone had none to give. */
export function formatReference(number) {
  if (!number) return null;
  return `${number.prefix || ''}〔${number.year}〕第${String(number.number).padStart(3, '0')}号`;
}

/** The hazards of the draft, in checklist order, with the item they were found at. */
export function draftHazards(draft, template) {
  return flatItems(template)
    .filter((item) => draft.hazards[item.id] && resultOf(item, answerOf(draft, item.id)) === 'fail')
    .map((item) => ({ item, hazard: draft.hazards[item.id] }));
}

/** The document types this inspection calls for: the record always, the order and the decision when due. */
export function typesFor(draft, template) {
  const hazards = draftHazards(draft, template);
  return FIELD_TYPES.filter((type) => type === INSPECTION_RECORD
    || (type === RECTIFICATION_ORDER && hazards.some(({ hazard }) => hazard.mode === 'deadline'))
    || (type === ONSITE_MEASURES && hazards.some(({ hazard }) => hazard.onsite_measure)));
}

/**
 * What the document says, from the draft: the enterprise, the team, and per type the items checked, the
 * deadline hazards with their three fixes and legal basis, or the measures ordered.
 */
export function documentBody(type, draft, template, enterprise) {
  const hazards = draftHazards(draft, template);
  const body = {
    enterprise: { name: draft.enterprise_name, address: (enterprise && enterprise.address) || '' },
    team: (draft.team || []).map((member) => member.display_name || member.name || member.username),
    started_at: draft.started_at,
    checklist: draft.template_name,
  };
  if (type === INSPECTION_RECORD) {
    body.checked = flatItems(template).filter((item) => draft.answers[item.id])
      .map((item) => ({ item: item.prompt, result: resultOf(item, answerOf(draft, item.id)) }));
    body.hazards = hazards.map(({ hazard }) => ({ description: hazard.description, level: hazard.level }));
    body.notes = draft.notes || '';
  } else if (type === RECTIFICATION_ORDER) {
    body.hazards = hazards.filter(({ hazard }) => hazard.mode === 'deadline').map(({ item, hazard }) => ({
      description: hazard.description, responsible_person: hazard.responsible_person, measures: hazard.measures,
      deadline: hazard.deadline, basis: item.basis || '' }));
  } else {
    body.hazards = hazards.filter(({ hazard }) => hazard.onsite_measure).map(({ hazard }) => ({
      description: hazard.description, ...hazard.onsite_measure }));
  }
  return body;
}

/** A document being issued: filled in on its sheet, then given its number. */
export function newFieldDocument(type) {
  return {
    uuid: uuid(),
    type,
    number: null, // {year, number} from the phone's block, once issued
    issued_at: null,
    signature: null, // photo UUID of the representative's signature
    refusal: null, // {photos: [uuid], note} when the representative refused to sign (拒签): the photo shows it
    service: { recipient: '', method: 'in_person', at: null },
  };
}

/** What keeps a filled-in document from being issued, as messages. */
export function documentProblems(doc) {
  const problems = [];
  if (doc.refusal) {
    if (!doc.refusal.photos.length) problems.push(t('A refusal to sign needs a photo.'));
  } else if (!doc.signature) {
    problems.push(t('The representative signs, or the team records a refusal to sign.'));
  }
  if (!doc.service.recipient.trim()) problems.push(t('Enter who received the document.'));
  return problems;
}

/** Mark the document issued now, with ``number`` (or none: numbered at sync) and the text the representative read. */
export function issue(doc, number, body) {
  const at = isoWithOffset();
  doc.number = doc.number || number;
  doc.shown = JSON.stringify(body);
  doc.issued_at = at;
  doc.service = { ...doc.service, recipient: doc.service.recipient.trim(), at,
    method: doc.refusal ? 'left_on_site' : 'in_person' };
}

/**
 * Issued documents whose text no longer reads as the inspection does (a hazard changed after the signature):
 * they go back to be read and signed again, keeping their number.
 */
export function outdatedDocuments(draft, template, enterprise) {
  return Object.values(draft.documents || {}).filter((doc) => doc.issued_at && doc.shown
    && doc.shown !== JSON.stringify(documentBody(doc.type, draft, template, enterprise)));
}

/** Back to be signed again: the receipt goes, the number stays. */
export function reopen(doc) {
  doc.issued_at = null;
  doc.signature = null;
  doc.refusal = null;
}

/** The request that issues it on the server (POST /api/v1/documents, the phone's fields added). */
export function documentRequest(doc, inspectionUuid) {
  return {
    type: doc.type,
    inspection_uuid: inspectionUuid,
    uuid: doc.uuid,
    number: doc.number ? doc.number.number : null,
    year: doc.number ? doc.number.year : null,
    issued_at: doc.issued_at,
    receipt: {
      signature: doc.signature,
      refused: Boolean(doc.refusal),
      refusal_photo: doc.refusal ? doc.refusal.photos[0] : null,
      refusal_note: doc.refusal ? doc.refusal.note : '',
      recipient: doc.service.recipient,
      method: doc.service.method,
      served_at: doc.service.at,
    },
  };
}

/** The photos a document request refers to. */
export function documentPhotos(doc) {
  return [doc.signature, ...(doc.refusal ? doc.refusal.photos.slice(0, 1) : [])].filter(Boolean);
}
