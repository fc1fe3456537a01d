// The hazards on the phone as the look-back list, the "due this week" card and the enterprise account see them:
// overdue (derived from the deadline and the phone's date, never stored), their order, and what waits in the
// outbox for each. No DOM, no storage.
import { addDays, localDate } from './util.js';

/** States a re-check applies to (回头看: found fixed without a report, or still not fixed). */
export const RECHECKABLE = new Set(['open', 'rectified']);
// A re-check is due this many days ahead ("this week").
export const DUE_DAYS = 7;

/** An open hazard past its deadline (the contract's definition: only `open` hazards are overdue). */
export function isOverdue(hazard, today = localDate()) {
  return hazard.status === 'open' && Boolean(hazard.deadline) && hazard.deadline < today;
}

const STATUS_ORDER = { open: 1, rectified: 2, pending_verification: 3 };

/** Look-back order: overdue first (longest overdue on top), then open, then awaiting re-check, then the rest. */
export function lookbackOrder(hazards, today = localDate()) {
  const rank = (hazard) => (isOverdue(hazard, today) ? 0 : STATUS_ORDER[hazard.status] || 4);
  return [...hazards].sort((a, b) => rank(a) - rank(b)
    || (a.deadline || '9999-12-31').localeCompare(b.deadline || '9999-12-31')
    || Number(b.level === 'major') - Number(a.level === 'major')
    || a.description.localeCompare(b.description));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days between two YYYY-MM-DD dates, whichever comes first. */
function daysApart(first, second) {
  return Math.round(Math.abs(new Date(`${first}T12:00:00Z`) - new Date(`${second}T12:00:00Z`)) / DAY_MS);
}

/**
 * Open or rectified hazards whose deadline is at most DUE_DAYS away or already past, nearest to today first.
 *
 * Nearest either way, because that is what an inspector can still act on this week: due today, then a day late
 * or due tomorrow, and so on. A re-check months overdue is no longer this week's plan but the office's
 * (escalation, the overdue list): it stays on the list, at the bottom. Same distance: overdue before still due,
 * then major before general.
 */
export function dueThisWeek(hazards, today = localDate()) {
  const horizon = addDays(DUE_DAYS, new Date(`${today}T12:00:00`));
  return hazards
    .filter((hazard) => RECHECKABLE.has(hazard.status) && hazard.deadline && hazard.deadline <= horizon)
    .sort((a, b) => daysApart(a.deadline, today) - daysApart(b.deadline, today)
      || a.deadline.localeCompare(b.deadline)
      || Number(b.level === 'major') - Number(a.level === 'major')
      || a.uuid.localeCompare(b.uuid));
}

/** The newest outbox record of each hazard: Map hazard uuid → record. */
export function waitingByHazard(records) {
  const byHazard = new Map();
  for (const record of records) {
    const seen = byHazard.get(record.hazard_uuid);
    if (!seen || seen.queued_at <= record.queued_at) byHazard.set(record.hazard_uuid, record);
  }
  return byHazard;
}

/** Sent hazard events the server stored without applying them (someone else acted first) that the user has
 * not marked as read, newest first. */
export function notApplied(sentEntries) {
  return sentEntries.filter((entry) => entry.kind === 'hazard_event' && entry.applied === false && !entry.read);
}
