"""The hazard life cycle (contract): one table of (state, event, role) → new state.

Every status change of a hazard goes through :func:`apply_event`, which appends
the event to the hazard's log whether it applies or not. An event that no
longer fits (a colleague closed the hazard while this phone was offline) is
stored with ``applied = False`` and the reason: nothing recorded is dropped.
"""
from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from safety.common.types import utcnow
from safety.hazards.models import Hazard, HazardEvent

OPEN, RECTIFIED, PENDING, CLOSED = "open", "rectified", "pending_verification", "closed"
# recheck_passed closes a general hazard but only brings a major one to a supervisor (重大隐患须验收销号).
CLOSE_BY_LEVEL = "close_by_level"
SAME = "same"  # the event is recorded without changing the status

INSPECTOR, ENTERPRISE, SUPERVISOR, ADMIN = "inspector", "enterprise", "supervisor", "admin"
STAFF = (INSPECTOR, SUPERVISOR)
EVERYONE = (INSPECTOR, ENTERPRISE, SUPERVISOR, ADMIN)

# (state, event) → (roles allowed, new state). Read it as a table; the tests walk every cell.
TRANSITIONS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    # 三定: the plan (responsible person, measures, deadline) may be set or changed while open
    (OPEN, "plan_set"): (STAFF, SAME),
    # the enterprise (or the inspector on site) reports the fix with photos: the second signature
    (OPEN, "rectification_reported"): ((ENTERPRISE, INSPECTOR, SUPERVISOR), RECTIFIED),
    # look-back re-check (回头看) applies to open hazards as well as rectified ones
    (OPEN, "recheck_passed"): (STAFF, CLOSE_BY_LEVEL),
    (OPEN, "recheck_failed"): (STAFF, OPEN),
    (RECTIFIED, "recheck_passed"): (STAFF, CLOSE_BY_LEVEL),
    (RECTIFIED, "recheck_failed"): (STAFF, OPEN),
    # only a supervisor's acceptance closes a major hazard
    (PENDING, "verified"): ((SUPERVISOR,), CLOSED),
    (PENDING, "reopened"): ((SUPERVISOR,), OPEN),
    (RECTIFIED, "reopened"): ((SUPERVISOR,), OPEN),
    (CLOSED, "reopened"): ((SUPERVISOR,), OPEN),
    # 移送: escalation flags the hazard without changing where it stands
    (OPEN, "escalated"): ((SUPERVISOR,), SAME),
    (RECTIFIED, "escalated"): ((SUPERVISOR,), SAME),
    (PENDING, "escalated"): ((SUPERVISOR,), SAME),
    # comments fit anywhere
    (OPEN, "comment"): (EVERYONE, SAME),
    (RECTIFIED, "comment"): (EVERYONE, SAME),
    (PENDING, "comment"): (EVERYONE, SAME),
    (CLOSED, "comment"): (EVERYONE, SAME),
}

# `found` creates the hazard; it is the first event of every log and never follows another.
FOUND = "found"
FOUND_ROLES = STAFF
EVENT_TYPES = ("found", "plan_set", "rectification_reported", "recheck_passed", "recheck_failed",
               "verified", "escalated", "reopened", "comment")

_STATE_LABELS = {OPEN: _l("open"), RECTIFIED: _l("rectified"), PENDING: _l("awaiting verification"),
                 CLOSED: _l("closed")}


def next_status(hazard_status: str, level: str, event_type: str, role: str) -> tuple[str | None, str | None]:
    """The status after the event, or (None, reason) when the event does not fit."""
    rule = TRANSITIONS.get((hazard_status, event_type))
    if rule is None:
        return None, str(_l("A %(event)s event does not apply to a hazard that is %(state)s.",
                            event=event_type, state=_STATE_LABELS.get(hazard_status, hazard_status)))
    roles, target = rule
    if role not in roles:
        return None, str(_l("The role %(role)s may not record %(event)s here.", role=role, event=event_type))
    if target == SAME:
        return hazard_status, None
    if target == CLOSE_BY_LEVEL:
        return (PENDING if level == "major" else CLOSED), None
    return target, None


def derived_event_uuid(hazard_uuid: str, purpose: str) -> str:
    """A stable UUID for an event the server derives (e.g. the `found` event of a synced hazard),
    so re-sending the same document can never make a second, different event."""
    return str(uuid_module.uuid5(uuid_module.UUID(hazard_uuid), purpose))


def apply_event(hazard: Hazard, event_type: str, actor, role: str, at: datetime, note: str = "",
                new_deadline: date | None = None, uuid: str | None = None) -> HazardEvent:
    """Append an event to the hazard's log and change its status when the table allows it.

    A ``recheck_failed`` carries the new deadline; the caller validates that one is given.
    """
    from_status = hazard.status if hazard.events else None
    if event_type == FOUND:
        applies = role in FOUND_ROLES and not hazard.events
        to_status, reason = (OPEN, None) if applies else (None, str(_l("A hazard is found only once.")))
    else:
        to_status, reason = next_status(hazard.status, hazard.level, event_type, role)
    event = HazardEvent(uuid=uuid or str(uuid_module.uuid4()), type=event_type, actor_id=actor.id if actor else None,
                        role=role, at=at, received_at=utcnow(), note=note or "", new_deadline=new_deadline,
                        applied=to_status is not None, reason=reason, from_status=from_status,
                        to_status=to_status if to_status is not None else hazard.status)
    hazard.events.append(event)
    if to_status is not None:
        hazard.status = to_status
        if event_type == "recheck_failed" and new_deadline is not None:
            hazard.deadline = new_deadline
        if to_status == CLOSED:
            hazard.closed_at = at
        elif from_status == CLOSED:
            hazard.closed_at = None
    return event
