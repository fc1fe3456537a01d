"""反复出现: a hazard found while another of the same enterprise and item is not closed is recurring."""
import uuid
from datetime import date, timedelta

import pytest

from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.operations import record_hazard_event
from tests.factories import inspection_document, make_enterprise, make_photo, make_template
from tests.hazards.conftest import event_document


@pytest.fixture
def version(app):
    return make_template(items=3).versions[0]


@pytest.fixture
def send(client, auth, inspector):
    auth.login("inspector")

    def post(enterprise, version, *item_keys):
        """An inspection of ``enterprise`` finding one hazard at each of ``item_keys``; answers their uuids."""
        document = inspection_document(enterprise, version)
        document["hazards"] = [
            {"uuid": str(uuid.uuid4()), "item_id": key, "description": "灭火器过期", "level": "general",
             "mode": "deadline", "responsible_person": "王经理", "measures": "更换灭火器",
             "deadline": (date.today() + timedelta(days=7)).isoformat(), "photos": [], "rectification_photos": []}
            for key in item_keys]
        response = client.post("/api/v1/inspections", json=document, headers=auth.headers())
        assert response.status_code == 201, response.get_json()
        return [hazard["uuid"] for hazard in document["hazards"]]
    return post


def _recurring(hazard_uuid: str) -> bool:
    db.session.expire_all()
    return db.session.query(Hazard).filter_by(uuid=hazard_uuid).one().recurring


def test_a_hazard_at_an_item_still_open_is_recurring(send, enterprise, version):
    first, = send(enterprise, version, "fire-01")
    second, other_item = send(enterprise, version, "fire-01", "fire-02")
    assert (_recurring(first), _recurring(second), _recurring(other_item)) == (False, True, False)


def test_a_rectified_hazard_not_yet_closed_still_counts(send, enterprise, version, inspector):
    first, = send(enterprise, version, "fire-01")
    record_hazard_event(inspector, first, event_document("rectification_reported", [make_photo(inspector).uuid]))
    second, = send(enterprise, version, "fire-01")
    assert _recurring(second)


def test_once_the_earlier_hazard_is_closed_a_new_one_is_not_recurring(send, enterprise, version, inspector):
    first, = send(enterprise, version, "fire-01")
    record_hazard_event(inspector, first, event_document("recheck_passed", [make_photo(inspector).uuid]))
    second, = send(enterprise, version, "fire-01")
    assert not _recurring(second)


def test_another_enterprise_or_the_same_visit_does_not_make_it_recurring(send, grid, enterprise, version):
    first, = send(enterprise, version, "fire-01")
    elsewhere, = send(make_enterprise(grid=grid), version, "fire-01")
    twins = send(make_enterprise(grid=grid), version, "fire-01", "fire-01")
    assert not any(_recurring(u) for u in (first, elsewhere, *twins))


def test_the_api_shows_it(send, client, enterprise, version):
    send(enterprise, version, "fire-03")
    second, = send(enterprise, version, "fire-03")
    assert client.get(f"/api/v1/hazards/{second}").get_json()["recurring"] is True
