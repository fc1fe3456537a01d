"""The hazard endpoints over HTTP: answers, bad input, and that nothing is applied when refused."""
import copy
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.operations import EVENT_CONTENT_CONFLICT
from safety.photos.models import Photo
from tests.factories import make_enterprise, make_grid, make_photo, make_user
from tests.hazards.conftest import event_document, found_hazard


@pytest.fixture
def post(client, auth):
    """POST an event document to the hazard's events, signed in as ``username``."""
    signed_in = {}

    def send(hazard_uuid: str, document, username: str = "inspector", **kwargs):
        if signed_in.get("username") != username:
            auth.login(username)
            signed_in["username"] = username
        if "data" not in kwargs:
            kwargs["json"] = document
        return client.post(f"/api/v1/hazards/{hazard_uuid}/events", headers=auth.headers(), **kwargs)
    return send


def _events() -> list[tuple[str, bool]]:
    return list(db.session.execute(select(HazardEvent.type, HazardEvent.applied).order_by(HazardEvent.id)).tuples())


def _unchanged(hazard) -> None:
    """Nothing applied: the hazard as found, its log holding only the `found` event."""
    db.session.expire_all()
    stored = db.session.get(Hazard, hazard.id)
    assert (stored.status, stored.failed_recheck_count, stored.escalated) == ("open", 0, False)
    assert _events() == [("found", True)]
    assert db.session.scalar(select(func.count()).select_from(Photo).where(Photo.purpose.is_not(None))) == 0


def _error(response) -> tuple[int, str, str | None]:
    error = response.get_json()["error"]
    return response.status_code, error["code"], error["field"]


def test_a_recheck_is_stored_and_answered_with_the_hazard(post, hazard, inspector):
    photo = make_photo(inspector)
    document = event_document("recheck_passed", [photo.uuid], note="已整改到位", signed_by="李检查")
    response = post(hazard.uuid, document)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["event"]["uuid"] == document["uuid"]
    assert (body["event"]["applied"], body["event"]["actor"], body["event"]["role"]) == (True, "李检查", "inspector")
    assert body["event"]["photos"][0]["thumb_url"] == f"/photos/{photo.uuid}/thumb.jpg"
    assert body["event"]["photos"][0]["purpose"] == "recheck"
    assert body["hazard"]["status"] == "closed"
    assert [event["type"] for event in body["hazard"]["events"]] == ["found", "recheck_passed"]


def test_the_same_event_sent_twice_is_stored_once_and_answered_200(post, hazard, inspector):
    document = event_document("recheck_failed", [make_photo(inspector).uuid], note="仍未整改")
    first = post(hazard.uuid, document)
    again = post(hazard.uuid, document)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert _events() == [("found", True), ("recheck_failed", True)]
    assert db.session.get(Hazard, hazard.id).failed_recheck_count == 1


def test_the_same_event_uuid_on_another_hazard_is_a_conflict(post, hazard, enterprise, inspector):
    other = found_hazard(enterprise, inspector, item_key="fire-02")
    document = event_document("comment", note="一")
    assert post(hazard.uuid, document).status_code == 201
    response = post(other.uuid, dict(document, note="二"))
    assert _error(response) == (409, "event_conflict", "uuid")
    assert db.session.scalar(select(func.count()).select_from(HazardEvent).where(HazardEvent.hazard_id == other.id)) == 1


def test_the_same_event_uuid_from_another_user_is_a_conflict(post, grid, hazard, inspector):
    make_user("inspector", username="colleague", grids=[grid])
    document = event_document("comment", note="现场已查看")
    assert post(hazard.uuid, document).status_code == 201
    assert _error(post(hazard.uuid, document, username="colleague")) == (409, "event_conflict", "uuid")
    assert _events() == [("found", True), ("comment", True)]


def _keys_reversed(document: dict) -> dict:
    return {key: document[key] for key in reversed(list(document))}


def test_the_same_event_written_differently_is_the_same_event(post, hazard, inspector):
    """Keys in another order, the time in UTC instead of the phone's +08:00, the UUIDs in capitals."""
    document = event_document("recheck_failed", [make_photo(inspector).uuid], note="仍未整改")
    first = post(hazard.uuid, document)
    resend = _keys_reversed(document)
    resend["at"] = datetime.fromisoformat(document["at"]).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    resend["uuid"] = document["uuid"].upper()
    resend["photos"] = [photo.upper() for photo in document["photos"]]
    again = post(hazard.uuid, resend)
    assert (first.status_code, again.status_code) == (201, 200), again.get_json()
    assert _events() == [("found", True), ("recheck_failed", True)]


EVENT_CHANGES = {
    "note": lambda doc: doc.update(note="已整改"),
    "type": lambda doc: doc.update(type="comment", photos=[], new_deadline=None),
    "new deadline": lambda doc: doc.update(
        new_deadline=(date.fromisoformat(doc["new_deadline"]) + timedelta(days=1)).isoformat()),
    "time": lambda doc: doc.update(at=(datetime.fromisoformat(doc["at"]) - timedelta(minutes=1)).isoformat()),
    "photos": lambda doc: doc.update(photos=doc["photos"][:1]),
    "signer": lambda doc: doc.update(signed_by="钱检查"),
}


def _stored_before_hashes(event_uuid: str) -> None:
    """As if the event had been stored before content hashes were kept (a row the migration left NULL)."""
    db.session.execute(update(HazardEvent).where(HazardEvent.uuid == event_uuid).values(content_hash=None))
    db.session.commit()


@pytest.mark.parametrize("legacy", [False, True], ids=["hashed", "stored before hashes"])
@pytest.mark.parametrize("change", EVENT_CHANGES.values(), ids=EVENT_CHANGES.keys())
def test_another_body_under_a_stored_event_uuid_is_409_and_stores_nothing(post, hazard, inspector, change, legacy):
    document = event_document("recheck_failed", [make_photo(inspector).uuid, make_photo(inspector).uuid],
                              note="仍未整改", signed_by="李检查")
    assert post(hazard.uuid, document).status_code == 201
    if legacy:
        _stored_before_hashes(document["uuid"])
    changed = copy.deepcopy(document)
    change(changed)
    response = post(hazard.uuid, changed)
    assert _error(response) == (409, "event_conflict", "uuid")
    assert response.get_json()["error"]["message"] == str(EVENT_CONTENT_CONFLICT)
    assert _events() == [("found", True), ("recheck_failed", True)]
    db.session.expire_all()
    assert db.session.get(Hazard, hazard.id).failed_recheck_count == 1
    assert db.session.scalar(select(HazardEvent.note).where(HazardEvent.uuid == document["uuid"])) == "仍未整改"


def test_an_event_stored_before_hashes_answers_the_same_body_as_before(post, hazard, inspector):
    document = event_document("recheck_failed", [make_photo(inspector).uuid, make_photo(inspector).uuid],
                              note="仍未整改", signed_by="李检查")
    first = post(hazard.uuid, document)
    _stored_before_hashes(document["uuid"])
    resend = _keys_reversed(document)
    resend["photos"] = list(reversed(document["photos"]))  # as stored: by upload, not by the document's order
    again = post(hazard.uuid, resend)
    assert (first.status_code, again.status_code) == (201, 200), again.get_json()
    assert again.get_json() == first.get_json()


def test_a_plan_sent_again_is_the_same_event_and_a_changed_plan_is_not(post, hazard, supervisor):
    document = event_document("plan_set", funds="5万元")
    assert post(hazard.uuid, document, username="supervisor").status_code == 201
    assert post(hazard.uuid, _keys_reversed(document), username="supervisor").status_code == 200
    assert _error(post(hazard.uuid, dict(document, funds="6万元"), username="supervisor")) == (
        409, "event_conflict", "uuid")
    _stored_before_hashes(document["uuid"])
    assert post(hazard.uuid, document, username="supervisor").status_code == 200
    assert _error(post(hazard.uuid, dict(document, funds="6万元"), username="supervisor")) == (
        409, "event_conflict", "uuid")


def test_a_hazard_out_of_scope_is_forbidden(post, enterprise, inspector):
    elsewhere = make_enterprise(grid=make_grid(code="G2"))
    make_user("inspector", username="other", grids=[elsewhere.grid])
    hazard = found_hazard(enterprise, inspector)
    response = post(hazard.uuid, event_document("comment", note="看看"), username="other")
    assert _error(response) == (403, "hazard_out_of_scope", None)
    _unchanged(hazard)


def test_an_enterprise_user_cannot_touch_another_enterprises_hazard(post, grid, hazard, enterprise_user):
    neighbour = make_user("enterprise", username="neighbour", enterprise=make_enterprise(grid=grid))
    photo = make_photo(neighbour)
    response = post(hazard.uuid, event_document("rectification_reported", [photo.uuid]), username="neighbour")
    assert _error(response)[0] == 403
    _unchanged(hazard)


def test_an_unknown_hazard_is_not_found(post, hazard):
    response = post("5b1f3c0e-8a8d-4c1e-9d0a-2f9a7e6b4c11", event_document("comment", note="?"))
    assert _error(response) == (404, "hazard_not_found", None)
    response = post("not-a-uuid", event_document("comment", note="?"))
    assert response.status_code == 404
    _unchanged(hazard)


@pytest.mark.parametrize("change,field,code", [
    ({"type": "fixed"}, "type", "invalid_choice"),
    ({"type": "found"}, "type", "found_not_an_event"),
    ({"type": None}, "type", "required"),
    ({"uuid": "12"}, "uuid", "invalid_uuid"),
    ({"at": "2026-05-01T09:30:00"}, "at", "invalid_datetime"),
    ({"at": "2099-05-01T09:30:00+08:00"}, "at", "time_in_future"),
    ({"note": 5}, "note", "invalid_type"),
    ({"photos": "abc"}, "photos", "invalid_type"),
    ({"photos": ["nope"]}, "photos[0]", "invalid_uuid"),
])
def test_a_bad_document_is_refused_by_field(post, hazard, change, field, code):
    response = post(hazard.uuid, {**event_document("comment"), **change})
    assert _error(response) == (400, code, field)
    _unchanged(hazard)


def test_a_failed_recheck_without_a_new_deadline_is_refused(post, hazard, inspector):
    photo = make_photo(inspector)
    response = post(hazard.uuid, event_document("recheck_failed", [photo.uuid], new_deadline=None))
    assert _error(response) == (400, "required", "new_deadline")
    _unchanged(hazard)


def test_a_new_deadline_before_the_events_day_is_refused(post, hazard, inspector):
    document = event_document("recheck_failed", [make_photo(inspector).uuid])
    yesterday = (date.fromisoformat(document["at"][:10]) - timedelta(days=1)).isoformat()
    response = post(hazard.uuid, dict(document, new_deadline=yesterday))
    assert _error(response) == (400, "deadline_before_event", "new_deadline")
    _unchanged(hazard)


def test_a_plan_deadline_before_the_events_day_is_refused_by_its_name(post, hazard, supervisor):
    response = post(hazard.uuid, event_document("plan_set", supervision_deadline="2020-01-01"),
                    username="supervisor")
    assert _error(response) == (400, "deadline_before_event", "supervision_deadline")
    _unchanged(hazard)


@pytest.mark.parametrize("event_type", ["rectification_reported", "recheck_passed"])
def test_rectification_and_a_passed_recheck_need_a_photo(post, hazard, event_type):
    response = post(hazard.uuid, event_document(event_type, []))
    assert _error(response) == (400, "photo_required", "photos")
    _unchanged(hazard)


def test_a_photo_not_uploaded_yet_is_a_conflict_naming_it(post, hazard, inspector):
    uploaded = make_photo(inspector)
    missing = "8d4b8f8e-5a43-4f7e-8a3c-0e6b9d2c7a55"
    response = post(hazard.uuid, event_document("recheck_passed", [uploaded.uuid, missing]))
    assert _error(response) == (409, "photo_missing", "photos[1]")
    assert missing in response.get_json()["error"]["message"]
    _unchanged(hazard)


def test_a_missing_signature_photo_is_named(post, hazard, inspector):
    response = post(hazard.uuid, event_document("recheck_passed", [make_photo(inspector).uuid],
                                                signature="8d4b8f8e-5a43-4f7e-8a3c-0e6b9d2c7a56"))
    assert _error(response) == (409, "photo_missing", "signature")
    _unchanged(hazard)


def test_malformed_json_is_refused(post, hazard):
    response = post(hazard.uuid, None, data='{"uuid": ', content_type="application/json")
    assert _error(response)[:2] == (400, "malformed_json")
    _unchanged(hazard)


def test_a_form_content_type_is_refused(post, hazard):
    response = post(hazard.uuid, None, data={"type": "comment"})
    assert _error(response)[:2] == (415, "unsupported_media_type")
    _unchanged(hazard)


def test_not_signed_in_is_401(client, hazard):
    response = client.post(f"/api/v1/hazards/{hazard.uuid}/events", json=event_document("comment"))
    assert _error(response)[:2] == (401, "not_signed_in")
    _unchanged(hazard)


def test_an_admin_may_read_but_not_post(post, hazard, admin, client):
    response = post(hazard.uuid, event_document("comment", note="管理员"), username="admin")
    assert response.status_code == 403
    _unchanged(hazard)
    assert client.get(f"/api/v1/hazards/{hazard.uuid}").status_code == 200


def test_the_hazard_answers_its_whole_log_with_reasons(post, client, auth, hazard, inspector, enterprise_user):
    assert post(hazard.uuid, event_document("recheck_passed", [make_photo(inspector).uuid])).status_code == 201
    late = event_document("rectification_reported", [make_photo(enterprise_user).uuid], signed_by="赵安全")
    assert post(hazard.uuid, late, username="contact").status_code == 201
    body = client.get(f"/api/v1/hazards/{hazard.uuid}").get_json()
    assert (body["uuid"], body["enterprise_code"], body["enterprise_name"]) == (hazard.uuid, "E0001", "华东机械有限公司")
    assert (body["status"], body["found_by"], body["overdue"], body["recurring"]) == ("closed", "李检查", False, False)
    assert [(e["type"], e["applied"]) for e in body["events"]] == [
        ("found", True), ("recheck_passed", True), ("rectification_reported", False)]
    assert "已销号" in body["events"][2]["reason"]  # the reader's language: Chinese by default
    assert body["events"][2]["signed_by"] == "赵安全"
    assert len(body["photos"]) == 2  # the re-check's photo and the late report's, kept


@pytest.mark.parametrize("username,status", [("inspector", 200), ("supervisor", 200), ("admin", 200),
                                             ("contact", 200), ("other", 403), ("neighbour", 403)])
def test_reading_a_hazard_follows_scope(client, auth, grid, hazard, people, username, status):
    make_user("inspector", username="other", grids=[make_grid(code="G9")])
    make_user("enterprise", username="neighbour", enterprise=make_enterprise(grid=grid))
    auth.login(username)
    assert client.get(f"/api/v1/hazards/{hazard.uuid}").status_code == status
