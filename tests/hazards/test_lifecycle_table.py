"""The life-cycle table, walked exhaustively: every state × event × role (× level where it matters).

Each cell is recorded through record_hazard_event, the path of the API and the back office,
and its outcome must be what TRANSITIONS says: applied with the table's new status, or stored
not applied with the reason. Rules of the design that hold whatever the table says are checked
on every cell too: an enterprise never closes anything, only a supervisor closes a major hazard.
"""
from datetime import datetime, timedelta, timezone

import pytest

from safety.extensions import db
from safety.hazards.lifecycle import CLOSE_BY_LEVEL, SAME, TRANSITIONS, apply_event
from safety.hazards.operations import record_hazard_event
from safety.hazards.validation import PHOTO_REQUIRED
from safety.hazards.vocabulary import EVENT_TYPES, FOUND, LEVELS, NOT_IN_STATE, ROLE_NOT_ALLOWED, STATUSES
from safety.users.models import Role
from tests.factories import make_photo
from tests.hazards.conftest import event_document, found_hazard

ROLES = [role.value for role in Role]
RECORDED_TYPES = [event_type for event_type in EVENT_TYPES if event_type != FOUND]


def expected(state: str, level: str, event_type: str, role: str) -> tuple[bool, str]:
    """(applied, new status) or (False, reason) as the table reads."""
    rule = TRANSITIONS.get((state, event_type))
    if rule is None:
        return False, NOT_IN_STATE
    roles, target = rule
    if role not in roles:
        return False, ROLE_NOT_ALLOWED
    if target == SAME:
        return True, state
    if target == CLOSE_BY_LEVEL:
        return True, "pending_verification" if level == "major" else "closed"
    return True, target


def _hazard_in(state: str, level: str, enterprise, finder):
    hazard = found_hazard(enterprise, finder, level=level)
    hazard.status = state
    if state == "closed":
        hazard.closed_at = datetime.now(timezone.utc) - timedelta(hours=1)
    db.session.flush()
    return hazard


def _document(event_type: str, user) -> dict:
    photos = [make_photo(user).uuid] if event_type in PHOTO_REQUIRED or event_type == "recheck_failed" else []
    return event_document(event_type, photos, note=f"{event_type} by {user.role}")


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("event_type", RECORDED_TYPES)
@pytest.mark.parametrize("state", STATUSES)
def test_every_cell_of_the_table(state, event_type, role, level, enterprise, inspector, people):
    user = people[role]
    hazard = _hazard_in(state, level, enterprise, inspector)
    before = (hazard.deadline, hazard.failed_recheck_count, hazard.escalated, hazard.closed_at)
    event, created = record_hazard_event(user, hazard.uuid, _document(event_type, user))

    applied, outcome = expected(state, level, event_type, role)
    assert created and event.applied is applied
    assert (event.type, event.role, event.from_status) == (event_type, role, state)
    if applied:
        assert (hazard.status, event.to_status, event.reason) == (outcome, outcome, None)
        _assert_effects(hazard, event, state, before)
    else:
        assert (hazard.status, event.to_status, event.reason) == (state, state, outcome)
        assert (hazard.deadline, hazard.failed_recheck_count, hazard.escalated, hazard.closed_at) == before
    # What the design says whatever the table is edited to:
    if role in ("enterprise", "admin"):
        assert hazard.status == state or (role, event_type, hazard.status) == ("enterprise", "rectification_reported",
                                                                              "rectified")
    if level == "major" and hazard.status == "closed" and state != "closed":
        assert (event_type, role) == ("verified", "supervisor")
    assert hazard.events[-1] is event


def _assert_effects(hazard, event, state, before) -> None:
    deadline, failed, escalated, closed_at = before
    if event.type == "recheck_failed":
        assert (hazard.deadline, hazard.failed_recheck_count) == (event.new_deadline, failed + 1)
    else:
        assert hazard.failed_recheck_count == failed
    assert hazard.escalated is (escalated or event.type == "escalated")
    if hazard.status == "closed" and state != "closed":
        assert hazard.closed_at == event.at
    elif state == "closed" and hazard.status != "closed":
        assert hazard.closed_at is None
    else:
        assert hazard.closed_at == closed_at


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATUSES)
def test_found_never_follows_another_event(state, role, enterprise, inspector, people):
    hazard = _hazard_in(state, "general", enterprise, inspector)
    event = apply_event(hazard, FOUND, people[role], role, datetime.now(timezone.utc))
    assert (event.applied, event.reason, hazard.status) == (False, "found_once", state)


@pytest.mark.parametrize("role", ROLES)
def test_found_opens_a_new_hazard_for_staff_only(role, enterprise, people):
    hazard, found = found_hazard(enterprise, people[role]), None
    found = hazard.events[0]
    staff = role in ("inspector", "supervisor")
    assert (found.applied, found.from_status) == (staff, None)
    assert found.reason == (None if staff else "found_once")
