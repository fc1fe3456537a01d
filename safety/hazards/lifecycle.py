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

# Why an event was stored without being applied. The code is stored; the text is made when the event is
# shown (reason_text), in the reader's language, which need not be the language of whoever sent the event.
NOT_IN_STATE = "not_in_state"
ROLE_NOT_ALLOWED = "role_not_allowed"
FOUND_ONCE = "found_once"
REASONS = (NOT_IN_STATE, ROLE_NOT_ALLOWED, FOUND_ONCE)

STATE_LABELS = {OPEN: _l("open"), RECTIFIED: _l("rectified"), PENDING: _l("awaiting verification"),
                CLOSED: _l("closed")}
EVENT_LABELS = {
    "found": _l("Found"),
    "plan_set": _l("Rectification plan set"),
    "rectification_reported": _l("Rectification reported"),
    "recheck_passed": _l("Re-check passed"),
    "recheck_failed": _l("Re-check failed"),
    "verified": _l("Verified and closed"),
    "escalated": _l("Escalated"),
    "reopened": _l("Reopened"),
    "comment": _l("Comment"),
}


def transition(hazard_status: str, level: str, event_type: str, role: str) -> tuple[str | None, str | None]:
    """The status after the event, or (None, reason code) when the event does not fit."""
    rule = TRANSITIONS.get((hazard_status, event_type))
    if rule is None:
        return None, NOT_IN_STATE
    roles, target = rule
    if role not in roles:
        return None, ROLE_NOT_ALLOWED
    if target == SAME:
        return hazard_status, None
    if target == CLOSE_BY_LEVEL:
        return (PENDING if level == "major" else CLOSED), None
    return target, None


def reason_message(code: str | None, event_type: str, status: str | None, role: str) -> str | None:
    """The reason an event was not applied, in the current language; None for an applied event."""
    if code is None:
        return None
    from safety.navigation import role_label
    event = EVENT_LABELS.get(event_type, event_type)
    if code == NOT_IN_STATE:
        return str(_l("A %(event)s event does not apply to a hazard that is %(state)s.",
                      event=event, state=STATE_LABELS.get(status, status)))
    if code == ROLE_NOT_ALLOWED:
        return str(_l("The role %(role)s may not record %(event)s here.", role=role_label(role), event=event))
    if code == FOUND_ONCE:
        return str(_l("A hazard is found only once."))
    return code  # written before reasons were stored as codes


def next_status(hazard_status: str, level: str, event_type: str, role: str) -> tuple[str | None, str | None]:
    """The status after the event, or (None, the reason in words) when the event does not fit."""
    status, code = transition(hazard_status, level, event_type, role)
    return status, reason_message(code, event_type, hazard_status, role)


def derived_event_uuid(hazard_uuid: str, purpose: str) -> str:
    """A stable UUID for an event the server derives (e.g. the `found` event of a synced hazard),
    so re-sending the same document can never make a second, different event."""
    return str(uuid_module.uuid5(uuid_module.UUID(hazard_uuid), purpose))


# plan_set may change these columns of the hazard: 三定 (who, how, by when), the rest of 五落实
# (funds, emergency plan) and 挂牌督办 (supervising unit, its deadline).
PLAN_FIELDS = ("responsible_person", "measures", "deadline", "funds", "emergency_plan", "supervising_unit",
               "supervision_deadline")


def apply_event(hazard: Hazard, event_type: str, actor, role: str, at: datetime, note: str = "",
                new_deadline: date | None = None, uuid: str | None = None, signed_by: str = "",
                plan: dict | None = None) -> HazardEvent:
    """Append an event to the hazard's log and apply it when the table allows it.

    Applying changes the status and what the event carries: a ``recheck_failed`` its new
    deadline (the caller validates that one is given) and one more failed re-check, an
    ``escalated`` the escalation flag, a ``plan_set`` the fields of ``plan`` (dates as
    :class:`date`), a ``reopened`` of a closed hazard its closing time.
    """
    from_status = hazard.status  # None for a hazard being created
    if event_type == FOUND:
        applies = role in FOUND_ROLES and not hazard.events
        to_status, reason = (OPEN, None) if applies else (None, FOUND_ONCE)
    else:
        to_status, reason = transition(hazard.status, hazard.level, event_type, role)
    event = HazardEvent(uuid=uuid or str(uuid_module.uuid4()), type=event_type, actor_id=actor.id if actor else None,
                        role=role, at=at, received_at=utcnow(), note=note or "", new_deadline=new_deadline,
                        applied=to_status is not None, reason=reason, from_status=from_status,
                        to_status=to_status if to_status is not None else from_status, signed_by=signed_by or "",
                        plan=_plan_as_json(plan) if plan else None)
    hazard.events.append(event)
    if to_status is not None:
        _apply(hazard, event_type, to_status, from_status, at, new_deadline, plan)
    return event


def _apply(hazard: Hazard, event_type: str, to_status: str, from_status: str | None, at: datetime,
           new_deadline: date | None, plan: dict | None) -> None:
    hazard.status = to_status
    if event_type == "recheck_failed":
        hazard.failed_recheck_count = (hazard.failed_recheck_count or 0) + 1
        if new_deadline is not None:
            hazard.deadline = new_deadline
    elif event_type == "escalated" and not hazard.escalated:
        hazard.escalated = True
        hazard.escalated_at = at
    elif event_type == "plan_set":
        for name, value in (plan or {}).items():
            if name in PLAN_FIELDS:
                setattr(hazard, name, value)
    if to_status == CLOSED and from_status != CLOSED:
        hazard.closed_at = at
    elif from_status == CLOSED and to_status != CLOSED:
        hazard.closed_at = None


def _plan_as_json(plan: dict) -> dict:
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in plan.items()}
