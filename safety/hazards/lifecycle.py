"""The hazard life cycle (contract): one table of (state, event, role) → new state.

Every status change of a hazard goes through :func:`apply_event`, which appends
the event to the hazard's log whether it applies or not. An event that no
longer fits (a colleague closed the hazard while this phone was offline) is
stored with ``applied = False`` and the reason: nothing recorded is dropped.

That is for the hazard's *state*. An event type the sender's *role* may record
in no state at all (an enterprise's ``recheck_passed``, an inspector's
``verified``) is refused before anything is stored (:func:`refuse_unless_role_may_record`,
403): the log is the legal record and holds only what each role was entitled to
write. Who may record which type is read off the table (:data:`ROLES_BY_EVENT_TYPE`).
"""
from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime
from functools import lru_cache

from safety.common.errors import Forbidden
from safety.common.types import utcnow
from safety.evidence.chain import NO_EVIDENCE, EventEvidence, seal
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import (
    CLOSED, COMMENT, ESCALATED, EVENT_LABELS, FOUND, FOUND_ONCE, FOUND_ONCE_MESSAGE, MAJOR, NOT_IN_ANY_STATE_MESSAGE,
    NOT_IN_STATE, NOT_IN_STATE_MESSAGES, OPEN, PENDING_VERIFICATION, PLAN_SET, RECHECK_FAILED, RECHECK_PASSED,
    RECTIFICATION_REPORTED, RECTIFIED, REOPENED, ROLE_MAY_NOT_RECORD_MESSAGE, ROLE_NOT_ALLOWED,
    ROLE_NOT_ALLOWED_MESSAGE, VERIFIED,
)
from safety.users.models import INSPECTING_ROLES, Role

# recheck_passed closes a general hazard but only brings a major one to a supervisor (重大隐患须验收销号).
CLOSE_BY_LEVEL = "close_by_level"
SAME = "same"  # the event is recorded without changing the status

SUPERVISOR_ONLY = (Role.SUPERVISOR,)
EVERYONE = tuple(Role)

# (state, event) → (roles allowed, new state). Read it as a table; the tests walk every cell.
TRANSITIONS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    # 三定: the plan (responsible person, measures, deadline) may be set or changed while open
    (OPEN, PLAN_SET): (INSPECTING_ROLES, SAME),
    # the enterprise (or the inspector on site) reports the fix with photos: the second signature
    (OPEN, RECTIFICATION_REPORTED): ((Role.ENTERPRISE, Role.INSPECTOR, Role.SUPERVISOR), RECTIFIED),
    # look-back re-check (回头看) applies to open hazards as well as rectified ones
    (OPEN, RECHECK_PASSED): (INSPECTING_ROLES, CLOSE_BY_LEVEL),
    (OPEN, RECHECK_FAILED): (INSPECTING_ROLES, OPEN),
    (RECTIFIED, RECHECK_PASSED): (INSPECTING_ROLES, CLOSE_BY_LEVEL),
    (RECTIFIED, RECHECK_FAILED): (INSPECTING_ROLES, OPEN),
    # only a supervisor's acceptance closes a major hazard
    (PENDING_VERIFICATION, VERIFIED): (SUPERVISOR_ONLY, CLOSED),
    (PENDING_VERIFICATION, REOPENED): (SUPERVISOR_ONLY, OPEN),
    (RECTIFIED, REOPENED): (SUPERVISOR_ONLY, OPEN),
    (CLOSED, REOPENED): (SUPERVISOR_ONLY, OPEN),
    # 移送: escalation flags the hazard without changing where it stands
    (OPEN, ESCALATED): (SUPERVISOR_ONLY, SAME),
    (RECTIFIED, ESCALATED): (SUPERVISOR_ONLY, SAME),
    (PENDING_VERIFICATION, ESCALATED): (SUPERVISOR_ONLY, SAME),
    # comments fit anywhere
    (OPEN, COMMENT): (EVERYONE, SAME),
    (RECTIFIED, COMMENT): (EVERYONE, SAME),
    (PENDING_VERIFICATION, COMMENT): (EVERYONE, SAME),
    (CLOSED, COMMENT): (EVERYONE, SAME),
}

# `found` creates the hazard, so it is outside the table: it applies only as the first event of a log.
FOUND_ROLES = INSPECTING_ROLES


def roles_by_event_type(transitions: dict[tuple[str, str], tuple[tuple[str, ...], str]]) -> dict[str, frozenset[str]]:
    """Who may record each event type in some state: every role of any cell of the table for it (and `found`'s
    own rule). Roles as their stored values: a Role hashes by its name, so it would never be found in a set of
    the strings a user's role is stored as."""
    roles: dict[str, set[str]] = {FOUND: {Role(role).value for role in FOUND_ROLES}}
    for (_state, event_type), (cell_roles, _target) in transitions.items():
        roles.setdefault(event_type, set()).update(Role(role).value for role in cell_roles)
    return {event_type: frozenset(allowed) for event_type, allowed in roles.items()}


# Any other role may never record the type: refused, not stored. An event type missing from the table is
# recorded by no one.
ROLES_BY_EVENT_TYPE = roles_by_event_type(TRANSITIONS)


def may_record(role: str, event_type: str) -> bool:
    """Whether ``role`` may record events of ``event_type`` at all, in whatever state the hazard is."""
    return getattr(role, "value", role) in ROLES_BY_EVENT_TYPE.get(event_type, frozenset())


def refuse_unless_role_may_record(role: str, event_type: str) -> None:
    """Raise Forbidden (403, ``role_may_not_record``) for an event type ``role`` may never record.

    The phones' API and the back office call this before anything is stored, and
    :func:`apply_event` again, so no path writes such an event into a hazard's log.
    """
    if not may_record(role, event_type):
        from safety.navigation import role_label
        message = str(ROLE_MAY_NOT_RECORD_MESSAGE) % {"role": role_label(role),
                                                      "event": EVENT_LABELS.get(event_type, event_type)}
        raise Forbidden("role_may_not_record", message, field="type")


def transition(hazard_status: str, level: str, event_type: str, role: str) -> tuple[str | None, str | None]:
    """The status after the event, or (None, reason code) when the event does not fit.

    A role that may record the event type in another state meets a state that does not
    fit (``not_in_state``), as an offline phone's late event does. ``role_not_allowed``
    answers only a role that may never record the type, which :func:`apply_event`
    refuses before asking.
    """
    if not may_record(role, event_type):
        return None, ROLE_NOT_ALLOWED
    rule = TRANSITIONS.get((hazard_status, event_type))
    if rule is None or role not in rule[0]:
        return None, NOT_IN_STATE
    _roles, target = rule
    if target == SAME:
        return hazard_status, None
    if target == CLOSE_BY_LEVEL:
        return (PENDING_VERIFICATION if level == MAJOR else CLOSED), None
    return target, None


def reason_message(code: str | None, event_type: str, status: str | None, role: str) -> str | None:
    """The reason an event was not applied, in the current language; None for an applied event.

    ``role_not_allowed`` is no longer stored (such events are refused), but events stored
    with it before stay in their logs, which are never edited, and keep their reason."""
    if code is None:
        return None
    from safety.navigation import role_label
    event = EVENT_LABELS.get(event_type, event_type)
    if code == NOT_IN_STATE:
        return str(NOT_IN_STATE_MESSAGES.get(status, NOT_IN_ANY_STATE_MESSAGE)) % {"event": event}
    if code == ROLE_NOT_ALLOWED:
        return str(ROLE_NOT_ALLOWED_MESSAGE) % {"role": role_label(role), "event": event}
    if code == FOUND_ONCE:
        return str(FOUND_ONCE_MESSAGE)
    return code  # written before reasons were stored as codes


def next_status(hazard_status: str, level: str, event_type: str, role: str) -> tuple[str | None, str | None]:
    """The status after the event, or (None, the reason in words) when the event does not fit."""
    status, code = transition(hazard_status, level, event_type, role)
    return status, reason_message(code, event_type, hazard_status, role)


@lru_cache(maxsize=8192)
def derived_event_uuid(hazard_uuid: str, purpose: str) -> str:
    """A stable UUID for an event the server derives (e.g. the `found` event of a synced hazard),
    so re-sending the same document can never make a second, different event. Kept once made: a pull
    derives two per hazard of each returned inspection."""
    return str(uuid_module.uuid5(uuid_module.UUID(hazard_uuid), purpose))


# plan_set may change these columns of the hazard: 三定 (who, how, by when), the rest of 五落实
# (funds, emergency plan) and 挂牌督办 (supervising unit, its deadline).
PLAN_FIELDS = ("responsible_person", "measures", "deadline", "funds", "emergency_plan", "supervising_unit",
               "supervision_deadline")


def apply_event(hazard: Hazard, event_type: str, actor, role: str, at: datetime, note: str = "",
                new_deadline: date | None = None, uuid: str | None = None, signed_by: str = "",
                plan: dict | None = None, evidence: EventEvidence = NO_EVIDENCE) -> HazardEvent:
    """Append an event to the hazard's log and apply it when the table allows it.

    The event is sealed into the log's hash chain here, the one place events are made: ``evidence`` holds the
    SHA-256 of the photos and the signature the caller attaches to it once it has an id.

    Applying changes the status and what the event carries: a ``recheck_failed`` its new
    deadline (the caller validates that one is given) and one more failed re-check, an
    ``escalated`` the escalation flag, a ``plan_set`` the fields of ``plan`` (dates as
    :class:`date`), a ``reopened`` of a closed hazard its closing time.

    An event type ``role`` may never record raises Forbidden and appends nothing.
    """
    refuse_unless_role_may_record(role, event_type)
    from_status = hazard.status  # None for a hazard being created
    if event_type == FOUND:
        to_status, reason = (OPEN, None) if not hazard.events else (None, FOUND_ONCE)
    else:
        to_status, reason = transition(hazard.status, hazard.level, event_type, role)
    event = HazardEvent(uuid=uuid or str(uuid_module.uuid4()), type=event_type, actor_id=actor.id if actor else None,
                        role=role, at=at, received_at=utcnow(), note=note or "", new_deadline=new_deadline,
                        applied=to_status is not None, reason=reason, from_status=from_status,
                        to_status=to_status if to_status is not None else from_status, signed_by=signed_by or "",
                        plan=_plan_as_json(plan) if plan else None)
    log = hazard.events
    seal(event, hazard.uuid, log[-1] if log else None, evidence)
    log.append(event)
    hazard.last_event_type, hazard.last_event_note = event.type, event.note
    hazard.last_event_applied, hazard.last_event_actor_id = event.applied, event.actor_id
    if to_status is not None:
        _apply(hazard, event_type, to_status, from_status, at, new_deadline, plan)
    return event


def _apply(hazard: Hazard, event_type: str, to_status: str, from_status: str | None, at: datetime,
           new_deadline: date | None, plan: dict | None) -> None:
    hazard.status = to_status
    if event_type == RECHECK_FAILED:
        hazard.failed_recheck_count = (hazard.failed_recheck_count or 0) + 1
        if new_deadline is not None:
            hazard.deadline = new_deadline
    elif event_type == ESCALATED and not hazard.escalated:
        hazard.escalated = True
        hazard.escalated_at = at
    elif event_type == PLAN_SET:
        for name, value in (plan or {}).items():
            if name in PLAN_FIELDS:
                setattr(hazard, name, value)
    if to_status == CLOSED and from_status != CLOSED:
        hazard.closed_at = at
    elif from_status == CLOSED and to_status != CLOSED:
        hazard.closed_at = None


def _plan_as_json(plan: dict) -> dict:
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in plan.items()}
