"""The life-cycle table, walked exhaustively: every state × event × role (× level where it matters).

Each cell is recorded through record_hazard_event, the path of the API and the back office, and its
outcome must be what the tables below say, written out by hand from the design: refused (403, nothing
stored) when the role may never record that event type, applied with the new status, or stored not applied
because it does not fit the hazard's state. Rules of the design that hold whatever the table says are
checked on every cell too: an enterprise never closes anything, only a supervisor closes a major hazard.
"""
from datetime import datetime, timedelta, timezone

import pytest

from safety.common.errors import Forbidden
from safety.extensions import db
from safety.hazards.lifecycle import apply_event
from safety.hazards.operations import record_hazard_event
from safety.hazards.validation import PHOTO_REQUIRED
from safety.hazards.vocabulary import EVENT_TYPES, FOUND, LEVELS, STATUSES
from safety.users.models import Role
from tests.factories import make_photo
from tests.hazards.conftest import event_document, found_hazard, stored_state

ROLES = [role.value for role in Role]
RECORDED_TYPES = [event_type for event_type in EVENT_TYPES if event_type != FOUND]

ROLE_LETTERS = {"I": "inspector", "E": "enterprise", "S": "supervisor", "A": "admin"}
# Who may ever write each event type into a hazard's log, the legal record (DESIGN.md, hazard life cycle). Any
# other role is refused with 403 and nothing is stored: an enterprise never writes a re-check, an inspector never
# a verification. A new event type needs its line here, or the tests walking the vocabulary fail.
MAY_RECORD = {
    "found":                  "I S",
    "plan_set":               "I S",
    "rectification_reported": "I E S",
    "recheck_passed":         "I S",
    "recheck_failed":         "I S",
    "verified":               "S",
    "escalated":              "S",
    "reopened":               "S",
    "comment":                "I E S A",
}
MAY_RECORD_ROLES = {event: [ROLE_LETTERS[letter] for letter in roles.split()] for event, roles in MAY_RECORD.items()}
# The events that apply: the roles that may record them and the status after, for a general and for a major
# hazard. Every other state × event is stored not applied (not_in_state), when MAY_RECORD lets the role record
# that event type at all.
TABLE = [
    # state                   event                     roles      general after           major after
    ("open",                 "plan_set",               "I S",     "open",                 "open"),
    ("open",                 "rectification_reported", "I E S",   "rectified",            "rectified"),
    ("open",                 "recheck_passed",         "I S",     "closed",               "pending_verification"),
    ("open",                 "recheck_failed",         "I S",     "open",                 "open"),
    ("open",                 "escalated",              "S",       "open",                 "open"),
    ("open",                 "comment",                "I E S A", "open",                 "open"),
    ("rectified",            "recheck_passed",         "I S",     "closed",               "pending_verification"),
    ("rectified",            "recheck_failed",         "I S",     "open",                 "open"),
    ("rectified",            "reopened",               "S",       "open",                 "open"),
    ("rectified",            "escalated",              "S",       "rectified",            "rectified"),
    ("rectified",            "comment",                "I E S A", "rectified",            "rectified"),
    ("pending_verification", "verified",               "S",       "closed",               "closed"),
    ("pending_verification", "reopened",               "S",       "open",                 "open"),
    ("pending_verification", "escalated",              "S",       "pending_verification", "pending_verification"),
    ("pending_verification", "comment",                "I E S A", "pending_verification", "pending_verification"),
    ("closed",               "reopened",               "S",       "open",                 "open"),
    ("closed",               "comment",                "I E S A", "closed",               "closed"),
]
EXPECTED = {(state, event): ([ROLE_LETTERS[letter] for letter in roles.split()], {"general": general, "major": major})
            for state, event, roles, general, major in TABLE}
REFUSED = "refused"


def expected(state: str, level: str, event_type: str, role: str) -> tuple[bool, str]:
    """(applied, new status), (False, reason) or (False, "refused"), as the tables above read."""
    if role not in MAY_RECORD_ROLES[event_type]:
        return False, REFUSED
    if (state, event_type) not in EXPECTED:
        return False, "not_in_state"
    roles, after = EXPECTED[(state, event_type)]
    if role not in roles:
        return False, "not_in_state"
    return True, after[level]


def test_the_walk_reaches_every_row_of_the_table():
    assert {state for state, *_ in TABLE} <= set(STATUSES)
    assert {event for _state, event, *_ in TABLE} <= set(RECORDED_TYPES)
    assert set(MAY_RECORD) == set(EVENT_TYPES)


def test_no_row_lets_a_role_record_what_it_may_never_record():
    for _state, event, roles, *_after in TABLE:
        assert set(roles.split()) <= set(MAY_RECORD[event].split()), event


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
    document = _document(event_type, user)
    applied, outcome = expected(state, level, event_type, role)
    if outcome == REFUSED:
        stored = stored_state(hazard)
        with pytest.raises(Forbidden) as refused:
            record_hazard_event(user, hazard.uuid, document)
        assert (refused.value.status, refused.value.code) == (403, "role_may_not_record")
        assert stored_state(hazard) == stored
        assert hazard.status == state and hazard.events[-1].type == FOUND
        return

    event, created = record_hazard_event(user, hazard.uuid, document)
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
    if role not in MAY_RECORD_ROLES[FOUND]:
        with pytest.raises(Forbidden):
            apply_event(hazard, FOUND, people[role], role, datetime.now(timezone.utc))
        assert [event.type for event in hazard.events] == [FOUND]
        return
    event = apply_event(hazard, FOUND, people[role], role, datetime.now(timezone.utc))
    assert (event.applied, event.reason, hazard.status) == (False, "found_once", state)


@pytest.mark.parametrize("role", ROLES)
def test_found_opens_a_new_hazard_for_staff_only(role, enterprise, people):
    if role not in MAY_RECORD_ROLES[FOUND]:
        with pytest.raises(Forbidden) as refused:
            found_hazard(enterprise, people[role])
        assert (refused.value.status, refused.value.code) == (403, "role_may_not_record")
        return
    found = found_hazard(enterprise, people[role]).events[0]
    assert (found.applied, found.from_status, found.to_status, found.reason) == (True, None, "open", None)
