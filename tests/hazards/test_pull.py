"""Hazards in pull, as the look-back list needs them, and their photos for the people who may see them."""
import pytest

from safety.extensions import db
from safety.hazards.operations import record_hazard_event
from tests.factories import make_enterprise, make_photo, make_user
from tests.hazards.conftest import event_document, found_hazard

PULL = "/api/v1/sync/pull"


def _with_history(enterprise, inspector, enterprise_user):
    """A hazard found with a photo, then reported rectified by the enterprise with a photo and a signature."""
    found_photo = make_photo(inspector)
    hazard = found_hazard(enterprise, inspector)
    found_photo.purpose, found_photo.hazard_id, found_photo.hazard_event_id = "hazard", hazard.id, hazard.events[0].id
    rectification = make_photo(enterprise_user)
    record_hazard_event(enterprise_user, hazard.uuid, event_document(
        "rectification_reported", [rectification.uuid], note="已更换", signature=make_photo(enterprise_user).uuid))
    return hazard, found_photo, rectification


def test_a_hazard_carries_its_evidence_and_last_step(client, auth, enterprise, inspector, enterprise_user):
    hazard, found_photo, rectification = _with_history(enterprise, inspector, enterprise_user)
    auth.login("inspector")
    pulled, = client.get(PULL).get_json()["hazards"]
    assert (pulled["uuid"], pulled["status"], pulled["enterprise_name"], pulled["found_by"]) == (
        hazard.uuid, "rectified", "华东机械有限公司", "李检查")
    assert [(p["uuid"], p["purpose"]) for p in pulled["photos"]] == [(found_photo.uuid, "hazard"),
                                                                     (rectification.uuid, "rectification")]
    # What the phone reads of a photo: the thumbnail to keep offline, and what it is evidence of.
    assert pulled["photos"][1] == {"uuid": rectification.uuid, "purpose": "rectification",
                                   "thumb_url": f"/photos/{rectification.uuid}/thumb.jpg"}
    assert pulled["last_event"] == {"type": "rectification_reported", "note": "已更换", "actor": "赵安全",
                                    "applied": True}
    assert (pulled["escalated"], pulled["recurring"], pulled["failed_recheck_count"]) == (False, False, 0)
    # The hazard's own answer carries what the pull leaves out: hashes, display sizes, times, the derived flags.
    detail = client.get(f"/api/v1/hazards/{hazard.uuid}").get_json()
    assert detail["photos"][1]["sha256"] == rectification.sha256
    assert detail["photos"][1]["display_url"] == f"/photos/{rectification.uuid}/display.jpg"
    assert "taken_at" in detail["photos"][1] and detail["events"][-1]["at"]
    assert (detail["overdue"], detail["needs_escalation"]) == (False, False)


def test_an_event_brings_the_hazard_into_the_next_delta(client, auth, hazard, inspector, people):
    auth.login("inspector")
    cursor = client.get(PULL).get_json()["cursor"]
    record_hazard_event(people["supervisor"], hazard.uuid, event_document("comment", note="请尽快整改"))
    delta = client.get(PULL, query_string={"since": cursor}).get_json()
    assert [(h["uuid"], h["last_event"]["note"]) for h in delta["hazards"]] == [(hazard.uuid, "请尽快整改")]


def test_a_hazard_closed_by_an_event_is_removed_from_the_phone(client, auth, hazard, inspector):
    auth.login("inspector")
    cursor = client.get(PULL).get_json()["cursor"]
    record_hazard_event(inspector, hazard.uuid, event_document("recheck_passed", [make_photo(inspector).uuid]))
    delta = client.get(PULL, query_string={"since": cursor}).get_json()
    assert delta["hazards"] == [] and delta["removed"]["hazards"] == [hazard.uuid]


def test_an_enterprise_account_pulls_its_own_hazards_only(client, auth, grid, enterprise, inspector, enterprise_user):
    mine = found_hazard(enterprise, inspector)
    found_hazard(make_enterprise(grid=grid), inspector)
    auth.login("contact")
    body = client.get(PULL).get_json()
    assert [h["uuid"] for h in body["hazards"]] == [mine.uuid]
    assert [e["code"] for e in body["enterprises"]] == ["E0001"]


def test_pull_reads_as_many_statements_for_fifty_hazards_as_for_five(client, auth, enterprise, inspector,
                                                                      enterprise_user, count_statements):
    def statements_for(count: int) -> int:
        for _n in range(count - len(client.get(PULL).get_json()["hazards"])):
            _with_history(enterprise, inspector, enterprise_user)
        db.session.commit()
        with count_statements() as statements:
            body = client.get(PULL).get_json()
        assert len(body["hazards"]) == count and all(len(h["photos"]) == 2 for h in body["hazards"])
        return len(statements)

    auth.login("inspector")
    assert statements_for(5) == statements_for(50)


@pytest.mark.parametrize("derivative", ["thumb.jpg", "display.jpg"])
def test_an_enterprise_user_sees_the_photos_of_its_own_hazards(client, auth, enterprise, inspector, enterprise_user,
                                                               derivative):
    _hazard, found_photo, rectification = _with_history(enterprise, inspector, enterprise_user)
    auth.login("contact")
    for photo in (found_photo, rectification):
        response = client.get(f"/photos/{photo.uuid}/{derivative}")
        assert (response.status_code, response.mimetype) == (200, "image/jpeg")


@pytest.mark.parametrize("derivative", ["thumb.jpg", "display.jpg"])
def test_an_enterprise_user_is_refused_another_enterprises_hazard_photos(client, auth, grid, enterprise, inspector,
                                                                         enterprise_user, derivative):
    neighbour = make_enterprise(grid=grid)
    neighbour_user = make_user("enterprise", username="neighbour", enterprise=neighbour)
    _hazard, found_photo, rectification = _with_history(enterprise, inspector, enterprise_user)
    _other, neighbours_found, neighbours_fix = _with_history(neighbour, inspector, neighbour_user)
    auth.login("contact")
    assert client.get(f"/photos/{neighbours_found.uuid}/{derivative}").status_code == 403
    assert client.get(f"/photos/{neighbours_fix.uuid}/{derivative}").status_code == 403
    assert client.get(f"/photos/{found_photo.uuid}/original").status_code == 403  # originals are the office's


def test_the_last_step_is_the_last_event_appended_even_one_not_applied(client, auth, enterprise, inspector,
                                                                        enterprise_user):
    hazard, _found, _fix = _with_history(enterprise, inspector, enterprise_user)
    # Reported again while it waits for its re-check: appended, not applied.
    record_hazard_event(enterprise_user, hazard.uuid, event_document(
        "rectification_reported", [make_photo(enterprise_user).uuid], note="再次报告",
        signature=make_photo(enterprise_user).uuid))
    db.session.commit()
    last = hazard.events[-1]
    assert (last.type, last.applied) == ("rectification_reported", False)
    assert (hazard.last_event_type, hazard.last_event_note, hazard.last_event_applied,
            hazard.last_event_actor_id) == (last.type, last.note, last.applied, last.actor_id)
    auth.login("inspector")
    pulled, = client.get(PULL).get_json()["hazards"]
    assert pulled["last_event"] == {"type": "rectification_reported", "note": "再次报告", "actor": "赵安全",
                                    "applied": False}


def test_migration_0034_fills_the_last_step_of_hazards_stored_before_it(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import select, text

    from safety import create_app
    from safety.hazards.models import Hazard
    from tests.conftest import base_config
    from tests.factories import make_grid, make_hazard

    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context(), app.test_request_context():
        upgrade()
        grid = make_grid("N1")
        firm = make_enterprise(grid=grid)
        finder = make_user("inspector", username="finder", grids=[grid], display_name="李检查")
        contact = make_user("enterprise", username="firm", enterprise=firm, display_name="赵安全")
        reported = found_hazard(firm, finder)
        record_hazard_event(contact, reported.uuid, event_document(
            "rectification_reported", [make_photo(contact).uuid], note="已更换", signature=make_photo(contact).uuid))
        commented = found_hazard(firm, finder)
        record_hazard_event(finder, commented.uuid, event_document("comment", note="请尽快整改"))
        silent = make_hazard(firm)  # no event at all
        db.session.commit()

        def last_steps():
            return {row[0]: tuple(row[1:]) for row in db.session.execute(text(
                "SELECT id, last_event_type, last_event_note, last_event_applied, last_event_actor_id "
                "FROM hazards ORDER BY id"))}
        def what_refers_to_hazards():
            return (db.session.execute(text("SELECT id, hazard_id FROM hazard_events ORDER BY id")).all(),
                    db.session.execute(text("SELECT id, hazard_id FROM photos ORDER BY id")).all())
        referring = what_refers_to_hazards()
        assert len(referring[0]) == 4 and any(hazard_id for _id, hazard_id in referring[1])
        kept = last_steps()
        assert kept[reported.id] == ("rectification_reported", "已更换", True, contact.id)
        assert kept[commented.id][:2] == ("comment", "请尽快整改")
        assert kept[silent.id] == (None, None, None, None)
        db.session.commit()

        downgrade(revision="0033")
        assert "last_event_type" not in {row[1] for row in db.session.execute(text("PRAGMA table_info(hazards)"))}
        upgrade()
        # SQLite copies the table both ways; its events and photos still point at their hazards.
        assert what_refers_to_hazards() == referring
        assert last_steps() == kept
        assert db.session.scalar(select(Hazard.last_event_note).where(Hazard.id == commented.id)) == "请尽快整改"
        db.session.rollback()
        db.engine.dispose()
