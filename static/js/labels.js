// Labels of the record vocabularies (kinds, levels, states…), in the current language. They are written
// once, in the server's vocabulary modules, and reach the app through its catalogue (see i18n.js).
import { t, vocabularyMsgid } from './i18n.js';

function label(vocabulary, value) {
  const msgid = vocabularyMsgid(vocabulary, value);
  return msgid ? t(msgid) : value;
}

// One function per vocabulary, named as the app's modules import them.
const labeller = (vocabulary) => (value) => label(vocabulary, value);
export const kindLabel = labeller('inspection_kind');
export const identifiedByLabel = labeller('identified_by');
export const reviewLabel = labeller('review_state');
export const resultLabel = labeller('answer_result');
export const levelLabel = labeller('hazard_level');
export const modeLabel = labeller('hazard_mode');
export const hazardStatusLabel = labeller('hazard_status');
export const eventLabel = labeller('hazard_event');
export const campaignKindLabel = labeller('campaign_kind');
export const taskStatusLabel = labeller('task_status');
export const teamRoleLabel = labeller('team_role');
export const measureLabel = labeller('onsite_measure');

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
