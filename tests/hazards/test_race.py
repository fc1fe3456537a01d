"""A re-sent hazard event racing its twin, and two phones' events on one hazard at once, on a real server."""
from functools import partial

from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.operations import record_hazard_event
from tests.factories import make_photo, make_user
from tests.hazards.conftest import event_document, found_hazard
from tests.livehttp import HttpSession, live_server
from tests.races import at_once, behind_open_twin


def test_two_concurrent_sends_of_one_event_store_it_once(app, enterprise, inspector):
    rounds = 6
    hazards = [found_hazard(enterprise, inspector, item_key=f"fire-{n:02d}") for n in range(rounds)]
    # With photos the twins meet at the photos' row locks, without them at the unique event UUID.
    documents = [event_document("recheck_failed", [make_photo(inspector).uuid] if n % 2 else [])
                 for n in range(rounds)]
    db.session.commit()
    with live_server(app) as port:
        phones = [HttpSession(port), HttpSession(port)]
        for phone in phones:
            phone.login("inspector")
        for hazard, document in zip(hazards, documents):
            path = f"/api/v1/hazards/{hazard.uuid}/events"
            answers = at_once(*(partial(phone.send_json, "POST", path, document) for phone in phones))
            assert sorted(status for status, _body in answers) == [200, 201], answers
            assert answers[0][1]["event"] == answers[1][1]["event"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) == rounds * 2  # found + one re-check
    assert [db.session.get(Hazard, h.id).failed_recheck_count for h in hazards] == [1] * rounds


def test_a_resend_that_loses_the_race_answers_its_twin(app, hazard, inspector):
    """The twin is stored first but not yet committed: the resend waits on the hazard's lock, then answers 200."""
    document = event_document("recheck_passed", [make_photo(inspector).uuid])
    db.session.commit()
    with live_server(app) as port:
        phone = HttpSession(port)
        phone.login("inspector")
        record_hazard_event(inspector, hazard.uuid, document)
        waited, (status, body) = behind_open_twin(
            lambda: phone.send_json("POST", f"/api/v1/hazards/{hazard.uuid}/events", document))
    assert waited, "the resend should be waiting for its twin's transaction"
    assert status == 200, body
    assert (body["event"]["uuid"], body["hazard"]["status"]) == (document["uuid"], "closed")
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) == 2


def test_two_phones_rechecking_one_hazard_at_once_apply_one_after_the_other(app, grid, hazard, inspector):
    colleague = make_user("inspector", username="colleague", grids=[grid])
    documents = [event_document("recheck_passed", [make_photo(user).uuid]) for user in (inspector, colleague)]
    db.session.commit()
    path = f"/api/v1/hazards/{hazard.uuid}/events"
    with live_server(app) as port:
        phones = [HttpSession(port), HttpSession(port)]
        phones[0].login("inspector")
        phones[1].login("colleague")
        answers = at_once(*(partial(phone.send_json, "POST", path, document)
                            for phone, document in zip(phones, documents)))
    assert [status for status, _body in answers] == [201, 201], answers
    # Whichever came second found the hazard closed: stored, with its photo, not applied.
    assert sorted(body["event"]["applied"] for _status, body in answers) == [False, True]
    db.session.expire_all()
    events = db.session.scalars(select(HazardEvent).order_by(HazardEvent.id)).all()
    assert [(e.type, e.applied, e.from_status) for e in events] == [
        ("found", True, None), ("recheck_passed", True, "open"), ("recheck_passed", False, "closed")]


def test_two_different_events_under_one_uuid_at_once_store_one_and_refuse_the_other(app, enterprise, inspector):
    rounds = 4
    hazards = [found_hazard(enterprise, inspector, item_key=f"fire-{n:02d}") for n in range(rounds)]
    # With photos the two meet at the photos' row locks, without them at the hazard's lock and the event UUID.
    documents = [event_document("recheck_failed", [make_photo(inspector).uuid] if n % 2 else [])
                 for n in range(rounds)]
    db.session.commit()
    with live_server(app) as port:
        phones = [HttpSession(port), HttpSession(port)]
        for phone in phones:
            phone.login("inspector")
        for hazard, document in zip(hazards, documents):
            path = f"/api/v1/hazards/{hazard.uuid}/events"
            pair = [dict(document, note="第一台手机"), dict(document, note="第二台手机")]
            answers = at_once(*(partial(phone.send_json, "POST", path, sent) for phone, sent in zip(phones, pair)))
            assert sorted(status for status, _body in answers) == [201, 409], answers
            stored = next(body for status, body in answers if status == 201)
            assert next(body for status, body in answers if status == 409)["error"]["code"] == "event_conflict"
            db.session.expire_all()
            assert db.session.scalar(select(HazardEvent.note).where(HazardEvent.uuid == document["uuid"])) \
                == stored["event"]["note"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) == rounds * 2  # found + one re-check
    assert [db.session.get(Hazard, h.id).failed_recheck_count for h in hazards] == [1] * rounds
