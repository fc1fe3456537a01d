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

/** Open or rectified hazards whose deadline is at most DUE_DAYS away or already past, soonest first. */
export function dueThisWeek(hazards, today = localDate()) {
  const horizon = addDays(DUE_DAYS, new Date(`${today}T12:00:00`));
  return hazards
    .filter((hazard) => RECHECKABLE.has(hazard.status) && hazard.deadline && hazard.deadline <= horizon)
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.uuid.localeCompare(b.uuid));
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
