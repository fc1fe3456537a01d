// Labels of the record vocabularies (kinds, levels, states), in the current language.
import { t } from './i18n.js';

export function kindLabel(kind) {
  return {
    routine: t('Routine inspection'),
    campaign: t('Special campaign'),
    lookback: t('Look-back re-check'),
    unannounced: t('Unannounced visit'),
  }[kind] || kind;
}

export function levelLabel(level) {
  return { general: t('General hazard'), major: t('Major hazard') }[level] || level;
}

export function hazardStatusLabel(status) {
  return {
    // Not the verb "open": the hazard is waiting to be rectified (待整改).
    open: t('To be rectified'),
    rectified: t('Rectified, awaiting re-check'),
    pending_verification: t('Awaiting verification'),
    closed: t('Closed'),
  }[status] || status;
}

export function reviewLabel(state) {
  return {
    submitted: t('Submitted'), approved: t('Approved'), returned: t('Returned'), superseded: t('Amended and resubmitted'),
  }[state] || state;
}

export function eventLabel(type) {
  return {
    found: t('Found'),
    plan_set: t('Plan set'),
    rectification_reported: t('Rectification reported'),
    recheck_passed: t('Re-check passed'),
    recheck_failed: t('Re-check failed'),
    verified: t('Verified'),
    escalated: t('Escalated'),
    reopened: t('Reopened'),
    comment: t('Comment'),
  }[type] || type;
}
