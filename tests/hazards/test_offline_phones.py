"""Several offline phones sync their hazard events in any order, re-sending some: nothing is lost or doubled,
the log only grows, and the hazard's status is always what the table makes of the events it applied. An event
its sender's role may never record is refused each time and never enters the log."""
import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from safety.common.errors import Forbidden
from safety.extensions import db
from safety.hazards.lifecycle import may_record, transition
from safety.hazards.models import HazardEvent
from safety.hazards.vocabulary import FOUND, LEVELS, OPEN
from safety.hazards.operations import record_hazard_event
from safety.hazards.validation import PHOTO_REQUIRED
from tests.factories import make_enterprise, make_photo, make_user
from tests.hazards.conftest import event_document, found_hazard

ROLES = ("inspector", "inspector", "enterprise", "supervisor")  # two inspectors' phones, the enterprise, the office
RECORDED_TYPES = ("plan_set", "rectification_reported", "recheck_passed", "recheck_failed", "verified", "escalated",
                  "reopened", "comment")
_run = itertools.count()

# What the phones record while offline: (phone, event type) in the order they record them.
recorded = st.lists(st.tuples(st.integers(0, len(ROLES) - 1), st.sampled_from(RECORDED_TYPES)),
                    min_size=1, max_size=8)


@st.composite
def deliveries(draw):
    """The events recorded, and the order the server receives them: each at least once, some again."""
    events = draw(recorded)
    order = draw(st.permutations(range(len(events))))
    resends = draw(st.lists(st.integers(0, len(events) - 1), max_size=4))
    arrival = list(order)
    for index in resends:
        # a re-send comes after its first delivery (the phone did not hear the answer)
        first = arrival.index(index)
        position = draw(st.integers(first + 1, len(arrival)))
        arrival.insert(position, index)
    return events, arrival


def _snapshot(hazard) -> list[tuple]:
    return list(db.session.execute(
        select(HazardEvent.id, HazardEvent.uuid, HazardEvent.type, HazardEvent.applied, HazardEvent.from_status,
               HazardEvent.to_status, HazardEvent.reason)
        .where(HazardEvent.hazard_id == hazard.id).order_by(HazardEvent.id)).tuples())


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=deliveries(), level=st.sampled_from(LEVELS))
def test_offline_phones_never_lose_or_double_an_event(app, grid, plan, level):
    events, arrival = plan
    run = next(_run)
    enterprise = make_enterprise(grid=grid)
    phones = [make_user(role, username=f"p{run}-{n}", grids=[grid] if role == "inspector" else [],
                        enterprise=enterprise if role == "enterprise" else None) for n, role in enumerate(ROLES)]
    hazard = found_hazard(enterprise, phones[0], level=level)
    documents = []
    for phone, event_type in events:
        user = phones[phone]
        photos = [make_photo(user).uuid] if event_type in PHOTO_REQUIRED + ("recheck_failed",) else []
        documents.append((user, event_document(event_type, photos)))
    db.session.commit()

    log = _snapshot(hazard)
    delivered = set()
    for index in arrival:
        user, document = documents[index]
        if not may_record(user.role, document["type"]):
            # Refused each time it is sent, the phone keeping it: the log does not change.
            with pytest.raises(Forbidden):
                record_hazard_event(user, hazard.uuid, dict(document))
            db.session.rollback()
            assert _snapshot(hazard) == log
            continue
        _event, created = record_hazard_event(user, hazard.uuid, dict(document))
        db.session.commit()
        assert created is (index not in delivered)
        delivered.add(index)
        now = _snapshot(hazard)
        assert now[:len(log)] == log, "an event was changed or removed"
        log = now

    sent = [document["uuid"] for user, document in documents if may_record(user.role, document["type"])]
    stored = dict(db.session.execute(select(HazardEvent.uuid, func.count()).where(HazardEvent.uuid.in_(sent))
                                     .group_by(HazardEvent.uuid)).tuples().all())
    assert stored == {event_uuid: 1 for event_uuid in sent}
    assert len(log) == 1 + len(sent)
    _assert_replay(hazard, log, {document["uuid"]: user.role for user, document in documents})


def _assert_replay(hazard, log, roles) -> None:
    """Replaying the log through the table from `open` gives each event's outcome and the hazard's status."""
    db.session.refresh(hazard)
    status = None
    failed = 0
    escalated = False
    for _id, event_uuid, event_type, applied, from_status, to_status, reason in log:
        if event_type == FOUND:
            assert (applied, to_status) == (True, OPEN)
            status = OPEN
            continue
        assert from_status == status
        expected, why = transition(status, hazard.level, event_type, roles[event_uuid])
        assert applied is (expected is not None)
        assert reason == why
        if applied:
            status = expected
            failed += event_type == "recheck_failed"
            escalated = escalated or event_type == "escalated"
        assert to_status == status
    assert hazard.status == status
    assert (hazard.failed_recheck_count, hazard.escalated) == (failed, escalated)
