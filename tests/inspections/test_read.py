"""GET /api/v1/inspections/<uuid>: the stored inspection, for its inspector and the office in scope."""
import uuid
from datetime import date, timedelta

import pytest

from safety.extensions import db
from safety.inspections.models import Inspection
from tests.factories import make_grid, make_photo, make_user


@pytest.fixture
def stored(send, document, inspector):
    """An inspection sent by the inspector, with a hazard by deadline and one fixed on the spot."""
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": "fire-02", "description": "灭火器过期", "level": "general",
         "mode": "deadline", "responsible_person": "王经理", "measures": "更换灭火器",
         "deadline": (date.today() + timedelta(days=5)).isoformat(), "photos": [make_photo(inspector).uuid],
         "rectification_photos": []},
        {"uuid": str(uuid.uuid4()), "item_id": None, "description": "安全出口上锁", "level": "major",
         "mode": "on_the_spot", "photos": [], "rectification_photos": [make_photo(inspector).uuid]},
    ]
    assert send(document).status_code == 201
    return document


@pytest.fixture
def people(grid):
    make_user("inspector", username="colleague", grids=[grid])
    make_user("supervisor", username="chief")
    make_user("supervisor", username="district_chief", grids=[make_grid(code="G7")])
    make_user("admin", username="admin")


@pytest.mark.parametrize("username,expected", [
    ("inspector", 200), ("colleague", 403), ("chief", 200), ("district_chief", 403), ("admin", 200)])
def test_who_may_read_an_inspection(client, auth, stored, people, username, expected):
    auth.login(username)
    assert client.get(f"/api/v1/inspections/{stored['uuid']}").status_code == expected


def test_enterprise_users_may_not_read_inspections(client, auth, stored, enterprise):
    make_user("enterprise", username="factory", enterprise=enterprise)
    auth.login("factory")
    assert client.get(f"/api/v1/inspections/{stored['uuid']}").status_code == 403


def test_the_document_comes_back_with_what_the_server_added(client, auth, stored):
    auth.login("inspector")
    body = client.get(f"/api/v1/inspections/{stored['uuid']}").get_json()
    for name in ("uuid", "enterprise_code", "template_id", "template_version", "kind", "identified_by", "notes"):
        assert body[name] == stored[name], name
    assert body["location"] == stored["location"]
    assert [a["item_id"] for a in body["answers"]] == [a["item_id"] for a in stored["answers"]]
    assert [(h["uuid"], h["status"]) for h in body["hazards"]] == [
        (stored["hazards"][0]["uuid"], "open"), (stored["hazards"][1]["uuid"], "pending_verification")]
    assert body["hazards"][0]["photos"] == stored["hazards"][0]["photos"]
    assert body["hazards"][1]["rectification_photos"] == stored["hazards"][1]["rectification_photos"]
    assert body["review_state"] == "submitted"
    assert body["review_comment"] == ""
    assert body["inspector"]["username"] == "inspector"
    assert body["received_at"]


def test_the_review_result_is_shown_to_the_inspector(client, auth, stored):
    inspection = db.session.query(Inspection).one()
    inspection.review_state = "returned"
    inspection.review_comment = "请补充隐患照片"
    auth.login("inspector")
    body = client.get(f"/api/v1/inspections/{stored['uuid']}").get_json()
    assert (body["review_state"], body["review_comment"]) == ("returned", "请补充隐患照片")


def test_an_unknown_inspection_is_404_and_a_malformed_uuid_400(client, auth, inspector):
    auth.login("inspector")
    unknown = client.get(f"/api/v1/inspections/{uuid.uuid4()}")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "inspection_not_found"
    assert client.get("/api/v1/inspections/12345").status_code == 400


def test_the_answer_to_the_sync_is_the_document_as_read_back(client, auth, send, document, inspector):
    """The 201 is made from the rows just stored, not read back: it must equal what GET reads back."""
    answer_photo, shared, spot_fix, mine, theirs = (make_photo(inspector).uuid for _n in range(5))
    for answer in document["answers"]:
        if answer["item_id"] == "fire-01":
            answer.update(result="fail", photos=[answer_photo, shared], note="压力不足")
        if answer["item_id"] == "fire-05":
            answer["value"] = 12.5
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": "fire-01", "description": "灭火器过期", "level": "general",
         "mode": "deadline", "responsible_person": "王经理", "measures": "更换灭火器",
         "deadline": (date.today() + timedelta(days=5)).isoformat(), "photos": [shared]},
        {"uuid": str(uuid.uuid4()), "item_id": None, "description": "安全出口上锁", "level": "major",
         "mode": "on_the_spot", "photos": [], "rectification_photos": [spot_fix]},
    ]
    document["signatures"] = {"inspector": mine, "representative": theirs, "representative_name": "赵厂长"}
    posted = send(document)
    assert posted.status_code == 201
    read_back = client.get(f"/api/v1/inspections/{document['uuid']}").get_json()
    assert posted.get_json() == read_back
    assert read_back["hazards"][0]["photos"] == [shared]
    assert read_back["started_at"].endswith("+00:00")
