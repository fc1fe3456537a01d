"""A shutdown order ends only through a restart inspection (复产验收): sent from the phone like any inspection,
approved by the office, and passing (no hazard left to rectify by a deadline)."""
from datetime import date

from safety.extensions import db
from safety.measures.models import Measure
from safety.measures.operations import record_measure
from safety.measures.validation import parse_measure
from safety.review.operations import approve_inspection
from tests.factories import inspection_document, make_hazard, make_inspection, make_template
from tests.measures.conftest import TODAY, measure_values


def _shutdown(park, **values) -> Measure:
    return record_measure(park["users"]["chief"], park["enterprises"]["steel"], parse_measure(measure_values(
        kind="shutdown", fine_yuan="", decision_number="园应急停〔2026〕3号", served_on="2026-12-02", **values), TODAY))


def test_a_passing_restart_inspection_approved_lifts_the_shutdown(client, auth, park):
    steel = park["enterprises"]["steel"]
    shutdown = _shutdown(park)
    version = make_template().versions[0]
    assert steel.status == "suspended"
    auth.login("north")
    document = inspection_document(steel, version, kind="restart")
    assert client.post("/api/v1/inspections", json=document, headers=auth.headers()).status_code == 201
    db.session.refresh(steel)
    assert steel.status == "suspended"  # recorded, not yet accepted by the office

    auth.login("chief")
    assert auth.post_form(f"/review/{document['uuid']}/approve").status_code == 302
    db.session.refresh(shutdown)
    db.session.refresh(steel)
    assert shutdown.status == "lifted" and shutdown.lifted_by_inspection_id is not None
    assert shutdown.lifted_on.isoformat() == document["finished_at"][:10]
    assert steel.status == "active"
    assert "Lifted by the restart inspection" in client.get(f"/measures/{shutdown.id}").get_data(as_text=True)
    page = client.get(f"/measures/enterprise/{steel.code}").get_data(as_text=True)
    restart = page.split('class="list restart-list"')[1].split("</ul>")[0]
    assert document["uuid"] in restart and "No hazard left to rectify" in restart


def test_a_restart_inspection_that_leaves_a_hazard_to_rectify_lifts_nothing(park):
    steel = park["enterprises"]["steel"]
    shutdown = _shutdown(park)
    inspection = make_inspection(steel, park["users"]["north"], kind="restart")
    make_hazard(steel, inspection_id=inspection.id)
    approve_inspection(park["users"]["chief"], inspection)
    assert (shutdown.status, steel.status) == ("in_force", "suspended")


def test_a_routine_inspection_lifts_nothing(park):
    steel = park["enterprises"]["steel"]
    shutdown = _shutdown(park)
    approve_inspection(park["users"]["chief"], make_inspection(steel, park["users"]["north"], kind="routine"))
    assert (shutdown.status, steel.status) == ("in_force", "suspended")


def test_a_closure_in_force_keeps_the_enterprise_closed(park):
    steel = park["enterprises"]["steel"]
    shutdown = _shutdown(park)
    record_measure(park["users"]["chief"], steel, parse_measure(measure_values(
        kind="closure", fine_yuan="", decision_number="园政关〔2026〕1号", served_on="2026-12-03"), TODAY))
    approve_inspection(park["users"]["chief"], make_inspection(steel, park["users"]["north"], kind="restart"))
    assert shutdown.status == "lifted"
    assert steel.status == "closed"


def test_a_shutdown_served_after_the_restart_inspection_stays(park):
    steel = park["enterprises"]["steel"]
    inspection = make_inspection(steel, park["users"]["north"], kind="restart")  # finished now, in 2026 or later
    later = inspection.finished_at.date().replace(year=inspection.finished_at.year + 1)
    shutdown = _shutdown(park)
    shutdown.served_on = later
    approve_inspection(park["users"]["chief"], inspection)
    assert shutdown.lifted_on is None
    assert date(2026, 12, 2) < later


def test_each_change_of_status_is_in_the_enterprises_history(park):
    from sqlalchemy import select

    from safety.audit.models import AuditEntry
    steel = park["enterprises"]["steel"]
    _shutdown(park)
    approve_inspection(park["users"]["chief"], make_inspection(steel, park["users"]["north"], kind="restart"))
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.target_key == steel.code)
                                 .order_by(AuditEntry.id)).all()
    assert [(entry.action, entry.changes) for entry in entries] == [
        ("enterprise.changed", {"status": ["active", "suspended"]}),
        ("enterprise.changed", {"status": ["suspended", "active"]})]


def test_the_review_page_says_what_approving_a_restart_inspection_does(client, auth, park):
    steel = park["enterprises"]["steel"]
    passing = make_inspection(steel, park["users"]["north"], kind="restart")
    auth.login("chief")
    page = client.get(f"/review/{passing.uuid}").get_data(as_text=True)
    assert "no shutdown order is in force at this enterprise" in page
    _shutdown(park)
    page = client.get(f"/review/{passing.uuid}").get_data(as_text=True)
    assert "lifts the shutdown order 园应急停〔2026〕3号" in page
    failing = make_inspection(steel, park["users"]["north"], kind="restart")
    make_hazard(steel, inspection_id=failing.id)
    page = client.get(f"/review/{failing.uuid}").get_data(as_text=True)
    assert "does not lift the shutdown order 园应急停〔2026〕3号" in page
    routine = make_inspection(steel, park["users"]["north"])
    assert "restart-notice" not in client.get(f"/review/{routine.uuid}").get_data(as_text=True)
