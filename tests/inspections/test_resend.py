"""An inspection UUID sent again: the same content answers the stored document, other content is a 409 that
stores nothing (DESIGN.md, sync protocol). A resend may never silently drop what a phone recorded."""
import copy
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Answer, Inspection
from safety.inspections.operations import CONTENT_CONFLICT
from safety.inspections.validation import parse_inspection
from safety.photos.models import Photo
from tests.factories import make_enterprise, make_photo


def _stored() -> tuple[int, ...]:
    """How many inspections, answers, hazards, events and attached photos the database holds."""
    db.session.expire_all()
    counts = [db.session.scalar(select(func.count()).select_from(model))
              for model in (Inspection, Answer, Hazard, HazardEvent)]
    attached = db.session.scalar(select(func.count()).select_from(Photo).where(Photo.purpose.is_not(None)))
    return (*counts, attached)


@pytest.fixture
def full_document(document, inspector):
    """A document with something in every part: a failed item with its photo, a hazard left for a deadline,
    one fixed on the spot, notes and both signatures."""
    failed = document["answers"][0]
    failed.update(result="fail", note="两具灭火器过期", photos=[make_photo(inspector).uuid])
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": failed["item_id"], "description": "灭火器过期未更换",
         "level": "general", "mode": "deadline", "responsible_person": "王经理", "measures": "更换灭火器",
         "deadline": (date.today() + timedelta(days=7)).isoformat(), "photos": [], "rectification_photos": []},
        {"uuid": str(uuid.uuid4()), "item_id": None, "description": "安全出口被遮挡", "level": "general",
         "mode": "on_the_spot", "responsible_person": "", "measures": "", "deadline": None,
         "photos": [make_photo(inspector).uuid], "rectification_photos": [make_photo(inspector).uuid]},
    ]
    document["notes"] = "企业负责人在场"
    document["signatures"] = {"inspector": make_photo(inspector).uuid,
                              "representative": make_photo(inspector).uuid, "representative_name": "赵厂长"}
    return document


def _keys_reversed(value):
    """The same JSON with every object's keys in the opposite order."""
    if isinstance(value, dict):
        return {key: _keys_reversed(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_keys_reversed(entry) for entry in value]
    return value


def _written_in_utc(text: str) -> str:
    """The same instant written with Z instead of the phone's +08:00."""
    return datetime.fromisoformat(text).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_same_document_again_answers_the_stored_one(send, full_document):
    first = send(full_document)
    assert first.status_code == 201, first.get_json()
    before = _stored()
    again = send(copy.deepcopy(full_document))
    assert again.status_code == 200, again.get_json()
    body = again.get_json()
    assert body.pop("duplicate") is True
    assert body == first.get_json()
    assert _stored() == before


def test_the_same_content_written_differently_is_the_same_inspection(send, full_document):
    """Another JSON library re-orders keys, writes times in UTC, UUIDs in capitals, 12 as 12.0 and pads text."""
    assert send(full_document).status_code == 201
    before = _stored()
    resend = _keys_reversed(copy.deepcopy(full_document))
    resend["uuid"] = resend["uuid"].upper()
    resend["started_at"] = _written_in_utc(resend["started_at"])
    resend["finished_at"] = _written_in_utc(resend["finished_at"])
    resend["location"]["accuracy_m"] = 12.0
    resend["notes"] = f"  {resend['notes']}\n"
    resend["hazards"][1]["photos"] = [photo.upper() for photo in resend["hazards"][1]["photos"]]
    response = send(resend)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["duplicate"] is True
    assert _stored() == before


CHANGES = {
    "notes": lambda doc: doc.update(notes="企业负责人不在场"),
    "an answer's note": lambda doc: doc["answers"][0].update(note="三具灭火器过期"),
    "an answer's result": lambda doc: doc["answers"][1].update(result="na"),
    "a number's value": lambda doc: next(a for a in doc["answers"] if a["item_id"] == "fire-05").update(value=2),
    "a hazard removed": lambda doc: doc["hazards"].pop(),
    "no hazards": lambda doc: doc.update(hazards=[]),
    "a hazard's description": lambda doc: doc["hazards"][0].update(description="灭火器压力不足"),
    "a photo dropped": lambda doc: doc["hazards"][1].update(photos=[]),
    "the finish time": lambda doc: doc.update(
        finished_at=(datetime.fromisoformat(doc["finished_at"]) + timedelta(minutes=1)).isoformat()),
    "the representative's name": lambda doc: doc["signatures"].update(representative_name="钱厂长"),
    "the kind": lambda doc: doc.update(kind="unannounced"),
    "another enterprise": lambda doc: doc.update(enterprise_code="E0002"),
}


@pytest.fixture
def second_enterprise(grid):
    """Another enterprise of the inspector's grid, so "another enterprise" is in scope and only the UUID conflicts."""
    return make_enterprise(grid=grid, code="E0002", name="华东化工有限公司")


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_other_content_under_a_stored_uuid_is_409_and_stores_nothing(send, full_document, second_enterprise,
                                                                      change):
    first = send(full_document).get_json()
    before = _stored()
    changed = copy.deepcopy(full_document)
    change(changed)
    response = send(changed)
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("inspection_conflict", "uuid")
    assert error["message"] == str(CONTENT_CONFLICT)
    assert _stored() == before
    assert db.session.scalar(select(Inspection.notes)) == first["notes"]


def _stored_before_hashes(inspection_uuid: str) -> None:
    """As if the inspection had been stored before content hashes were kept (a row the migration left NULL)."""
    db.session.execute(update(Inspection).where(Inspection.uuid == inspection_uuid).values(content_hash=None))
    db.session.commit()


def test_an_inspection_stored_before_hashes_answers_the_same_content_as_before(send, full_document, inspector,
                                                                               count_statements):
    failed = full_document["answers"][0]
    failed["photos"] = [make_photo(inspector).uuid, *failed["photos"]]  # listed before the one uploaded first
    first = send(full_document).get_json()
    assert first["answers"][0]["photos"] == failed["photos"][::-1]
    with count_statements() as hashed:
        assert send(full_document).status_code == 200
    _stored_before_hashes(full_document["uuid"])
    # What changed since, or reads back otherwise, does not make the same document another one: the office set
    # the hazard's plan anew, and the answer's photos read back in upload order, not in the document's.
    hazard = db.session.scalar(select(Hazard).where(Hazard.uuid == full_document["hazards"][0]["uuid"]))
    hazard.responsible_person, hazard.deadline = "孙主管", date.today() + timedelta(days=30)
    resend = _keys_reversed(copy.deepcopy(full_document))
    resend["finished_at"] = _written_in_utc(resend["finished_at"])
    with count_statements() as legacy:
        response = send(resend)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body.pop("duplicate") is True
    assert body["notes"] == first["notes"] and body["answers"] == first["answers"]
    assert len(legacy) == len(hashed)  # compared with what the answer reads anyway: no query more


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_an_inspection_stored_before_hashes_refuses_other_content(send, full_document, second_enterprise, change):
    send(full_document)
    _stored_before_hashes(full_document["uuid"])
    before = _stored()
    changed = copy.deepcopy(full_document)
    change(changed)
    response = send(changed)
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"]["code"] == "inspection_conflict"
    assert _stored() == before


def test_a_conflict_costs_no_statement_more_than_a_duplicate(send, full_document, count_statements):
    send(full_document)
    send(full_document)  # warm up: the sign-in
    with count_statements() as duplicate:
        assert send(full_document).status_code == 200
    with count_statements() as conflict:
        assert send(dict(full_document, notes="改过的备注")).status_code == 409
    assert len(conflict) <= len(duplicate)


def test_a_new_inspection_keeps_the_hash_of_its_content(send, full_document):
    send(full_document)
    assert db.session.scalar(select(Inspection.content_hash)) == parse_inspection(full_document).content_hash
