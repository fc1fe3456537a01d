"""A re-sent inspection racing its twin: one row, no 500, against a real threaded server."""
import uuid
from datetime import date, timedelta
from functools import partial

from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Answer, Inspection
from safety.inspections.operations import store_inspection
from safety.inspections.validation import parse_inspection
from tests.factories import inspection_document, make_photo
from tests.livehttp import HttpSession, live_server
from tests.races import at_once, behind_open_twin


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _document_with_evidence(enterprise, version, inspector) -> dict:
    """A document that attaches photos and records hazards, so every part of the race is exercised."""
    document = inspection_document(enterprise, version)
    failed = document["answers"][0]
    failed.update(result="fail", photos=[make_photo(inspector).uuid])
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": failed["item_id"], "description": "消防通道堵塞", "level": "general",
         "mode": "deadline", "responsible_person": "王经理", "measures": "清理通道",
         "deadline": (date.today() + timedelta(days=3)).isoformat(), "photos": [], "rectification_photos": []},
        {"uuid": str(uuid.uuid4()), "item_id": None, "description": "灭火器被遮挡", "level": "general",
         "mode": "on_the_spot", "photos": [], "rectification_photos": [make_photo(inspector).uuid]},
    ]
    return document


def test_two_concurrent_sends_of_one_inspection_store_it_once(app, enterprise, version, inspector):
    rounds = 6
    # With photos the twins meet at the photos' row locks, without them at the unique UUID.
    documents = [_document_with_evidence(enterprise, version, inspector) if n % 2 else
                 inspection_document(enterprise, version) for n in range(rounds)]
    db.session.commit()
    with live_server(app) as port:
        phones = [HttpSession(port), HttpSession(port)]
        for phone in phones:
            phone.login("inspector")
        for document in documents:
            answers = at_once(*(partial(phone.send_json, "POST", "/api/v1/inspections", document) for phone in phones))
            assert sorted(status for status, _body in answers) == [200, 201], answers
            duplicate = next(body for status, body in answers if status == 200)
            assert duplicate["duplicate"] is True
    assert _count(Inspection) == rounds
    assert _count(Hazard) == 2 * rounds // 2
    assert _count(HazardEvent) == (1 + 3) * rounds // 2
    assert _count(Answer) == rounds * len(documents[0]["answers"])


def test_a_resend_that_loses_the_race_answers_its_twin(app, enterprise, version, inspector):
    """The twin is stored first but not yet committed: the resend passes its look-up,
    then waits on the twin's locks, and must answer 200 duplicate rather than 500."""
    document = _document_with_evidence(enterprise, version, inspector)
    db.session.commit()
    with live_server(app) as port:
        phone = HttpSession(port)
        phone.login("inspector")
        store_inspection(inspector, parse_inspection(document))
        waited, (status, body) = behind_open_twin(lambda: phone.send_json("POST", "/api/v1/inspections", document))
    assert waited, "the resend should be waiting for its twin's transaction"
    assert status == 200, body
    assert body["duplicate"] is True
    assert [hazard["status"] for hazard in body["hazards"]] == ["open", "closed"]
    assert _count(Inspection) == 1
    assert _count(Hazard) == 2


def test_two_different_documents_under_one_uuid_at_once_store_one_and_refuse_the_other(app, enterprise, version,
                                                                                       inspector):
    rounds = 4
    # With photos and hazards the two meet at the photos' row locks and the hazards' UUIDs, without them at the
    # inspection's UUID; either way the one that comes second finds other content stored.
    documents = [_document_with_evidence(enterprise, version, inspector) if n % 2 else
                 inspection_document(enterprise, version) for n in range(rounds)]
    db.session.commit()
    with live_server(app) as port:
        phones = [HttpSession(port), HttpSession(port)]
        for phone in phones:
            phone.login("inspector")
        for document in documents:
            pair = [dict(document, notes="第一台手机"), dict(document, notes="第二台手机")]
            answers = at_once(*(partial(phone.send_json, "POST", "/api/v1/inspections", sent)
                                for phone, sent in zip(phones, pair)))
            assert sorted(status for status, _body in answers) == [201, 409], answers
            stored = next(body for status, body in answers if status == 201)
            refused = next(body for status, body in answers if status == 409)
            assert refused["error"]["code"] == "inspection_conflict"
            db.session.expire_all()
            assert db.session.scalar(select(Inspection.notes).where(Inspection.uuid == document["uuid"])) \
                == stored["notes"]
    assert _count(Inspection) == rounds
    assert _count(Hazard) == 2 * rounds // 2
    assert _count(HazardEvent) == (1 + 3) * rounds // 2
    assert _count(Answer) == rounds * len(documents[0]["answers"])


def test_other_content_that_loses_the_race_is_refused(app, enterprise, version, inspector):
    """The twin is stored first but not yet committed: the other document waits on the twin's locks, then finds
    other content under its UUID and answers 409, rather than 500 or a duplicate."""
    document = _document_with_evidence(enterprise, version, inspector)
    db.session.commit()
    with live_server(app) as port:
        phone = HttpSession(port)
        phone.login("inspector")
        store_inspection(inspector, parse_inspection(document))
        waited, (status, body) = behind_open_twin(
            lambda: phone.send_json("POST", "/api/v1/inspections", dict(document, hazards=document["hazards"][:1])))
    assert waited, "the other document should be waiting for its twin's transaction"
    assert status == 409, body
    assert body["error"]["code"] == "inspection_conflict"
    assert _count(Inspection) == 1
    assert _count(Hazard) == 2
