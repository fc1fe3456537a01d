// Labels of the record vocabularies (kinds, levels, states…), in the current language. They are written
// once, in the server's vocabulary modules, and reach the app through its catalogue (see i18n.js).
import { t, vocabularyMsgid } from './i18n.js';

function label(vocabulary, value) {
  const msgid = vocabularyMsgid(vocabulary, value);
  return msgid ? t(msgid) : value;
}

export function kindLabel(kind) {
  return label('inspection_kind', kind);
}

export function identifiedByLabel(identifiedBy) {
  return label('identified_by', identifiedBy);
}

export function reviewLabel(state) {
  return label('review_state', state);
}

export function resultLabel(result) {
  return label('answer_result', result);
}

export function levelLabel(level) {
  return label('hazard_level', level);
}

export function modeLabel(mode) {
  return label('hazard_mode', mode);
}

export function hazardStatusLabel(status) {
  return label('hazard_status', status);
}

export function eventLabel(type) {
  return label('hazard_event', type);
}

export function campaignKindLabel(kind) {
  return label('campaign_kind', kind);
}

export function taskStatusLabel(status) {
  return label('task_status', status);
}

export function teamRoleLabel(role) {
  return label('team_role', role);
}

function number(value) {
  return String(Number(value));
}

/** A number item's limits as the back office shows them: 「19.5–23.5 %VOL」, 「≤ 25 %LEL」; '' without limits. */
export function limitsText(item) {
  let text;
  if (item.min != null && item.max != null) text = `${number(item.min)}–${number(item.max)}`;
  else if (item.max != null) text = `≤ ${number(item.max)}`;
  else if (item.min != null) text = `≥ ${number(item.min)}`;
  else return '';
  return `${text} ${item.unit || ''}`.trim();
}
