// An inspection in progress: plain data saved to IndexedDB on every change, and what it must hold
// before it can be finished. No DOM and no storage here.
import { t } from './i18n.js';
import { ENFORCEMENT_MINIMUM, staffCount, teamDocument } from './tasks.js';
import { addDays, isoWithOffset, uuid } from './util.js';

// 'restart' (复产验收) is offered only at a suspended enterprise: approved and passed, it lifts the shutdown order.
export const KINDS = ['routine', 'campaign', 'lookback', 'unannounced', 'restart'];
// 整改期限 defaults: a week for a general hazard, a month for a major one (挂牌督办 takes longer).
export const DEADLINE_DAYS = { general: 7, major: 30 };

/**
 * A new draft.
 * @param {{user: {id: number}, enterprise: import('./wire.js').Enterprise,
 *          template: import('./wire.js').TemplateVersion, kind: string, identifiedBy: 'qr'|'manual',
 *          location: object|null, task?: {uuid: string, campaign_name: string, enforcement: boolean}|null,
 *          team?: import('./tasks.js').TeamMember[]}} options
 */
export function newDraft({ user, enterprise, template, kind, identifiedBy, location, task = null, team = null,
  visitUuid = null }) {
  const now = isoWithOffset();
  return {
    uuid: uuid(),
    // Several checklists in one visit: one draft (and one inspection) per checklist, all with this UUID.
    visit_uuid: visitUuid,
    user_id: user.id,
    enterprise_code: enterprise.code,
    enterprise_name: enterprise.name,
    template_id: template.id,
    template_version: template.version,
    template_name: template.name,
    kind,
    identified_by: identifiedBy,
    started_at: now,
    finished_at: null,
    location: location || null,
    answers: {},
    hazards: {},
    notes: '',
    signatures: { inspector: null, representative: null },
    representative_name: '',
    // The campaign task this inspection fulfils (from "my tasks"), and who inspects: the user first.
    task,
    team: team || [{ username: user.username, display_name: user.name }],
    state: 'editing',
    position: 0,
    layout: 'single',
    updated_at: now,
  };
}

/** The other checklists of ``draft``'s visit still being filled in, in the order they were started. */
export function visitSiblings(draft, openDrafts) {
  if (!draft.visit_uuid) return [];
  return openDrafts.filter((other) => other.visit_uuid === draft.visit_uuid && other.uuid !== draft.uuid)
    .sort((a, b) => (a.visit_position ?? 0) - (b.visit_position ?? 0));
}

/** The template's items in order, each with its section title and position. */
export function flatItems(template) {
  const list = [];
  template.sections.forEach((section, sectionIndex) => {
    section.items.forEach((item) => list.push({ ...item, section: section.title, sectionIndex, index: list.length }));
  });
  return list;
}

/** The answer to an item (an empty one when not answered yet). */
export function answerOf(draft, itemId) {
  return draft.answers[itemId] || { result: null, value: null, note: '', photos: [] };
}

/** The item's answer, created (empty) when missing, for changing in place. */
export function ensureAnswer(draft, itemId) {
  if (!draft.answers[itemId]) draft.answers[itemId] = { result: null, value: null, note: '', photos: [] };
  return draft.answers[itemId];
}

export function hazardOf(draft, itemId) {
  return draft.hazards[itemId] || null;
}

/**
 * A hazard for a failed item. Its description starts from the item's finding, the failure worded as a hazard
 * record states it (「危险化学品未储存在专用仓库」); from the prompt where the template gives none.
 */
export function newHazard(item) {
  return {
    uuid: uuid(),
    item_id: item.id,
    description: item.finding || item.prompt,
    level: 'general',
    mode: 'deadline',
    responsible_person: '',
    measures: '',
    deadline: addDays(DEADLINE_DAYS.general),
    photos: [],
    rectification_photos: [],
    // 现场处理措施 ordered on the spot: {measure, place, legal_basis}, or null (see documents.js).
    onsite_measure: null,
  };
}

export function setHazard(draft, itemId, hazard) {
  if (hazard) draft.hazards[itemId] = hazard;
  else delete draft.hazards[itemId];
  draft.updated_at = isoWithOffset();
}

function hasValue(answer) {
  return answer.value !== null && answer.value !== undefined && String(answer.value).trim() !== '';
}

/** Whether a number item has a lower or an upper limit (templates pulled before limits existed have neither). */
export function hasLimits(item) {
  return item.min != null || item.max != null;
}

/** Whether a number item's reading lies outside its limits: the server's rule (safety/checklists/limits.py). */
export function outsideLimits(item, value) {
  if (item.kind !== 'number' || value === null || value === undefined || String(value).trim() === '') return false;
  const number = Number(String(value).trim());
  if (!Number.isFinite(number)) return false;
  return (item.min != null && number < item.min) || (item.max != null && number > item.max);
}

/**
 * An answer's result as it counts. A number item fails when its reading lies outside its limits, or when the
 * inspector failed it by eye (its stored result is then 'fail'); within limits it passes. The reading decides
 * each time, so a mistyped reading corrected back within the limits stops failing.
 */
export function resultOf(item, answer) {
  if (answer.result === 'na' || item.kind === 'pass_fail') return answer.result;
  if (item.kind !== 'number') return null;
  if (answer.result === 'fail' || outsideLimits(item, answer.value)) return 'fail';
  return hasValue(answer) && hasLimits(item) ? 'pass' : null;
}

/** Whether an item has an answer of its kind. */
export function isAnswered(item, answer) {
  if (answer.result === 'na') return true;
  if (item.kind === 'pass_fail') return answer.result === 'pass' || answer.result === 'fail';
  return resultOf(item, answer) === 'fail' || hasValue(answer);
}

export function progress(draft, template) {
  const items = flatItems(template);
  const done = items.filter((item) => isAnswered(item, answerOf(draft, item.id))).length;
  return { done, total: items.length };
}

function hazardProblems(hazard) {
  const problems = [];
  if (!hazard.description.trim()) problems.push(t('The hazard needs a description.'));
  if (hazard.mode === 'on_the_spot' && hazard.rectification_photos.length === 0) {
    problems.push(t('A hazard rectified on the spot needs a photo of the rectification.'));
  }
  if (hazard.mode === 'deadline' && (!hazard.responsible_person.trim() || !hazard.measures.trim() || !hazard.deadline)) {
    problems.push(t('A hazard with a deadline needs the responsible person, the measures and the deadline.'));
  }
  const measure = hazard.onsite_measure;
  if (measure && (!measure.measure || !(measure.place || '').trim() || !(measure.legal_basis || '').trim())) {
    problems.push(t('An on-site measure needs the measure, the place and its legal basis.'));
  }
  return problems;
}

/** What keeps an item from being complete, as messages for the inspector. */
export function itemProblems(draft, item) {
  const answer = answerOf(draft, item.id);
  if (!isAnswered(item, answer)) return [t('Not answered yet.')];
  const problems = [];
  if (item.kind === 'number' && answer.result !== 'na' && hasValue(answer) && !Number.isFinite(Number(answer.value))) {
    problems.push(t('Enter a number.'));
  }
  if (resultOf(item, answer) === 'fail') {
    const hazard = hazardOf(draft, item.id);
    if (!hazard) problems.push(t('Record the hazard this failed item found.'));
    if (item.photo_required_on_fail && answer.photos.length === 0) problems.push(t('This item needs a photo when it fails.'));
    if (hazard) problems.push(...hazardProblems(hazard));
  }
  return problems;
}

/** Every item that is not complete: [{item, problems}]. */
export function missingItems(draft, template) {
  return flatItems(template)
    .map((item) => ({ item, problems: itemProblems(draft, item) }))
    .filter((entry) => entry.problems.length > 0);
}

/** What the finish page still needs besides the items: signatures and the representative's name. */
export function signatureProblems(draft) {
  const problems = [];
  if (!draft.signatures.inspector) problems.push(t('The inspector has not signed.'));
  if (!draft.signatures.representative && absentReason(draft)) return problems;
  if (!draft.signatures.representative) problems.push(t('The enterprise representative has not signed.'));
  if (!draft.representative_name.trim()) problems.push(t("Enter the representative's name."));
  return problems;
}

/** Why an amended inspection goes without the enterprise's signature, as typed ('' when not given). */
function absentReason(draft) {
  return draft.revision_of ? (draft.representative_absent_reason || '').trim() : '';
}

/** What the team lacks: an enforcement task needs two of the office's inspectors (执法人员不少于两人); outside
 * participants do not count. */
export function teamProblems(draft) {
  if (!draft.task || !draft.task.enforcement) return [];
  if (staffCount(draft.team || []) >= ENFORCEMENT_MINIMUM) return [];
  return [t('An enforcement check needs at least two inspectors on the team: add a colleague.')];
}

/**
 * The document the server receives.
 * @returns {import('./wire.js').InspectionDocument}
 */
export function toDocument(draft, template) {
  const items = flatItems(template);
  const answers = items
    .filter((item) => draft.answers[item.id] && isAnswered(item, draft.answers[item.id]))
    .map((item) => {
      const answer = draft.answers[item.id];
      const valued = item.kind !== 'pass_fail' && answer.result !== 'na' && hasValue(answer);
      return {
        item_id: item.id,
        result: resultOf(item, answer),
        value: valued ? String(answer.value).trim() : null,
        note: answer.note || '',
        photos: [...answer.photos],
      };
    });
  const hazards = items
    .filter((item) => draft.hazards[item.id] && resultOf(item, answerOf(draft, item.id)) === 'fail')
    .map((item) => {
      const hazard = draft.hazards[item.id];
      const byDeadline = hazard.mode === 'deadline';
      // The hazard sheet shows the failed item's own photos: they are the hazard's evidence too.
      const evidence = [...new Set([...draft.answers[item.id].photos, ...hazard.photos])];
      return {
        uuid: hazard.uuid,
        item_id: item.id,
        description: hazard.description.trim(),
        level: hazard.level,
        mode: hazard.mode,
        responsible_person: byDeadline ? hazard.responsible_person.trim() : '',
        measures: byDeadline ? hazard.measures.trim() : '',
        deadline: byDeadline ? hazard.deadline : null,
        photos: evidence,
        rectification_photos: hazard.mode === 'on_the_spot' ? [...hazard.rectification_photos] : [],
        // Sent only when ordered: a document without it hashes as it did before measures existed.
        ...(hazard.onsite_measure ? { onsite_measure: {
          measure: hazard.onsite_measure.measure,
          place: hazard.onsite_measure.place.trim(),
          legal_basis: hazard.onsite_measure.legal_basis.trim(),
        } } : {}),
      };
    });
  return {
    uuid: draft.uuid,
    enterprise_code: draft.enterprise_code,
    template_id: draft.template_id,
    template_version: draft.template_version,
    kind: draft.kind,
    started_at: draft.started_at,
    finished_at: draft.finished_at,
    identified_by: draft.identified_by,
    location: draft.location,
    answers,
    hazards,
    notes: draft.notes.trim(),
    signatures: {
      ...draft.signatures, representative_name: draft.representative_name.trim(),
      // Either the representative's signature or why there is none (the server refuses both).
      ...(!draft.signatures.representative && absentReason(draft) ? { representative_absent_reason: absentReason(draft) } : {}),
    },
    // An amended returned inspection names the one it revises (see revision.js).
    ...(draft.revision_of ? { revision_of: draft.revision_of } : {}),
    // Several checklists in one visit: each inspection names the visit (see ui/enterprise.js).
    ...(draft.visit_uuid ? { visit_uuid: draft.visit_uuid } : {}),
    ...(draft.task ? { task_uuid: draft.task.uuid } : {}),
    // The user alone is the inspection's inspector anyway: a team is sent when there is more to say.
    ...(draft.task || (draft.team || []).length > 1 ? { team: teamDocument(draft.team || []) } : {}),
  };
}
