"""A returned inspection amended on the phone and sent again as a revision (POST /api/v1/inspections with
``revision_of``): bad input first, then what is stored."""
import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from tests.factories import inspection_document, make_photo
from tests.review.conftest import deadline_hazard


def _returned(send, document, comment="请补拍照片"):
    assert send(document).status_code == 201
    stored = db.session.scalar(select(Inspection).where(Inspection.uuid == document["uuid"]))
    stored.review_state, stored.review_comment = "returned", comment
    db.session.commit()
    return stored


def _revision_of(document, **overrides) -> dict:
    return {**document, "uuid": str(uuid.uuid4()), "revision_of": document["uuid"], **overrides}


def _error(response) -> dict:
    return response.get_json()["error"]


def test_a_revision_of_an_unknown_inspection_is_404(send, document):
    response = send({**document, "revision_of": str(uuid.uuid4())})
    assert response.status_code == 404
    assert _error(response)["code"] == "revision_of_not_found"
    assert _error(response)["field"] == "revision_of"


def test_a_malformed_revision_of_is_400(send, document):
    response = send({**document, "revision_of": "nope"})
    assert response.status_code == 400
    assert _error(response)["field"] == "revision_of"


def test_a_revision_of_itself_is_400(send, document):
    response = send({**document, "revision_of": document["uuid"]})
    assert response.status_code == 400
    assert _error(response)["code"] == "revision_of_itself"


def test_a_revision_of_an_inspection_not_returned_is_409(send, document):
    assert send(document).status_code == 201
    response = send(_revision_of(document))
    assert response.status_code == 409
    assert _error(response)["code"] == "revision_not_returned"
    assert db.session.scalar(select(func.count(Inspection.id))) == 1


def test_a_revision_of_someone_elses_inspection_is_403(send, park, document):
    _returned(send, document)
    theirs = _revision_of(document, enterprise_code=park["enterprises"]["steel"].code)
    park["users"]["south"].grids = [park["grids"]["north"], park["grids"]["south"]]
    db.session.commit()
    response = send(theirs, username="south")
    assert response.status_code == 403
    assert _error(response)["code"] == "revision_not_yours"


def test_a_revision_of_another_enterprise_is_400(send, park, document):
    _returned(send, document)
    park["users"]["north"].grids = [park["grids"]["north"], park["grids"]["south"]]
    db.session.commit()
    response = send(_revision_of(document, enterprise_code=park["enterprises"]["chem"].code))
    assert response.status_code == 400
    assert _error(response)["code"] == "revision_enterprise_mismatch"


def test_the_revision_is_a_new_inspection_linked_to_the_returned_one_which_is_superseded(send, document):
    earlier = _returned(send, document)
    revision = _revision_of(document, notes="已补拍")
    response = send(revision)
    assert response.status_code == 201
    body = response.get_json()
    assert body["revision_of"] == document["uuid"]
    assert body["revision"] == 2
    assert body["review_state"] == "submitted"
    stored = db.session.scalar(select(Inspection).where(Inspection.uuid == revision["uuid"]))
    db.session.refresh(earlier)
    assert stored.revision_of_id == earlier.id and stored.original_id == earlier.id
    assert earlier.review_state == "superseded"
    assert earlier.review_comment == "请补拍照片"  # the earlier revision stays readable as it was returned


def test_sending_the_revision_again_stores_it_once(send, document):
    _returned(send, document)
    revision = _revision_of(document)
    assert send(revision).status_code == 201
    again = send(revision)
    assert again.status_code == 200
    assert again.get_json()["duplicate"] is True
    assert db.session.scalar(select(func.count(Inspection.id))) == 2


def test_a_second_revision_of_the_same_returned_inspection_is_409(send, document):
    _returned(send, document)
    assert send(_revision_of(document)).status_code == 201
    response = send(_revision_of(document))
    assert response.status_code == 409
    assert _error(response)["code"] == "revision_exists"


def test_hazards_carried_from_the_returned_inspection_are_not_stored_twice(send, park, document):
    photo = make_photo(park["users"]["north"])
    failed = document["answers"][0]
    failed.update(result="fail", photos=[photo.uuid])
    hazard = deadline_hazard(item_id=failed["item_id"], photos=[photo.uuid])
    document["hazards"] = [hazard]
    _returned(send, document)
    revision = _revision_of(document)
    response = send(revision)
    assert response.status_code == 201, response.get_json()
    assert db.session.scalar(select(func.count(Hazard.id))) == 1
    body = response.get_json()
    assert [h["uuid"] for h in body["hazards"]] == [hazard["uuid"]]
    assert body["answers"][0]["photos"] == [photo.uuid]
    assert body["hazards"][0]["photos"] == [photo.uuid]
    db.session.refresh(photo)
    stored_hazard = db.session.scalar(select(Hazard))
    assert photo.hazard_id == stored_hazard.id  # still the hazard's evidence


def _carried_hazard_returned(send, park, document) -> dict:
    photo = make_photo(park["users"]["north"])
    document["answers"][0].update(result="fail", photos=[photo.uuid])
    document["hazards"] = [deadline_hazard(item_id=document["answers"][0]["item_id"], photos=[photo.uuid])]
    _returned(send, document)
    return document["hazards"][0]


def _events(hazard: Hazard) -> list[HazardEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id)
                                   .order_by(HazardEvent.id)))


def test_an_amended_plan_of_a_carried_hazard_is_set_on_it_by_the_inspector(send, park, document):
    hazard = _carried_hazard_returned(send, park, document)
    later = (date.fromisoformat(hazard["deadline"]) + timedelta(days=3)).isoformat()
    revision = _revision_of(document, hazards=[{**hazard, "deadline": later, "measures": "更换灭火器并培训"}])
    response = send(revision)
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["hazards"][0]["deadline"], response.get_json()["hazards"][0]["measures"]) == (
        later, "更换灭火器并培训")
    stored = db.session.scalar(select(Hazard))
    assert (stored.deadline.isoformat(), stored.measures, stored.responsible_person) == (later, "更换灭火器并培训", "张三")
    found, plan_set = _events(stored)
    assert (found.type, plan_set.type, plan_set.applied, plan_set.actor_id) == (
        "found", "plan_set", True, park["users"]["north"].id)
    assert plan_set.plan == {"deadline": later, "measures": "更换灭火器并培训"}
    assert send(revision).status_code == 200  # the revision sent again sets nothing again
    assert len(_events(stored)) == 2


def test_a_carried_hazard_the_amendment_leaves_as_it_was_gets_no_event(send, park, document):
    _carried_hazard_returned(send, park, document)
    assert send(_revision_of(document)).status_code == 201
    assert [event.type for event in _events(db.session.scalar(select(Hazard)))] == ["found"]


def test_a_hazard_of_another_inspection_is_still_a_conflict_in_a_revision(send, park, document):
    other = inspection_document(park["enterprises"]["steel"], park["version"])
    other["answers"][1]["result"] = "fail"
    other["answers"][1]["photos"] = [make_photo(park["users"]["north"]).uuid]
    foreign = deadline_hazard(item_id=other["answers"][1]["item_id"])
    other["hazards"] = [foreign]
    assert send(other).status_code == 201
    _returned(send, document)
    revision = _revision_of(document)
    revision["answers"][1].update(result="fail", photos=[make_photo(park["users"]["north"]).uuid])
    revision["hazards"] = [foreign]
    response = send(revision)
    assert response.status_code == 409
    assert _error(response)["code"] == "hazard_conflict"


def test_signatures_carried_over_move_to_the_revision(send, park, document):
    signature = make_photo(park["users"]["north"])
    document["signatures"] = {"inspector": signature.uuid, "representative": None, "representative_name": "王五"}
    earlier = _returned(send, document)
    response = send(_revision_of(document))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["signatures"]["inspector"] == signature.uuid
    db.session.refresh(signature)
    assert signature.inspection_id != earlier.id
    assert db.session.scalar(select(func.count(Photo.id))) == 1


def test_a_photo_attached_to_another_inspection_is_still_refused_in_a_revision(send, park, document):
    other = inspection_document(park["enterprises"]["steel"], park["version"])
    taken = make_photo(park["users"]["north"])
    other["signatures"] = {"inspector": taken.uuid}
    assert send(other).status_code == 201
    _returned(send, document)
    response = send(_revision_of(document, signatures={"inspector": taken.uuid}))
    assert response.status_code == 409
    assert _error(response)["code"] == "photo_already_attached"


def test_the_supersession_reaches_the_phone_through_pull(client, auth, send, document):
    _returned(send, document)
    cursor = client.get("/api/v1/sync/pull").get_json()["cursor"]
    revision = _revision_of(document)
    send(revision)
    delta = client.get("/api/v1/sync/pull", query_string={"since": cursor}).get_json()
    states = {row["uuid"]: row["review_state"] for row in delta["inspections"]}
    assert states == {document["uuid"]: "superseded", revision["uuid"]: "submitted"}
