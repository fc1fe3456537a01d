"""Hazards' readable numbers (YH-2026-000123): given by the server when an inspection stores its hazards, per
office year in the order found, never shared even when phones sync at the same moment."""
import uuid
from datetime import date, datetime, timedelta, timezone
from functools import partial

from sqlalchemy import select

from safety.common.numbering import format_number, take_numbers
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.factories import inspection_document, make_hazard, make_user
from tests.livehttp import HttpSession, live_server
from tests.races import at_once

CHINA = timezone(timedelta(hours=8))


def _with_hazards(document: dict, *descriptions: str) -> dict:
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": None, "description": description, "level": "general",
         "mode": "deadline", "responsible_person": "王经理", "measures": "清理",
         "deadline": (date.today() + timedelta(days=3)).isoformat(), "photos": [], "rectification_photos": []}
        for description in descriptions]
    return document


def _numbers(hazard_uuids) -> dict:
    db.session.expire_all()
    rows = db.session.execute(select(Hazard.uuid, Hazard.number).where(Hazard.uuid.in_(list(hazard_uuids))))
    return dict(rows.tuples().all())


def test_numbers_run_per_series_and_year_from_one(app):
    assert list(take_numbers("hazard", 2026, 2)) == [1, 2]
    assert list(take_numbers("hazard", 2026)) == [3]
    assert list(take_numbers("hazard", 2027)) == [1]
    assert list(take_numbers("notice", 2026)) == [1]
    assert format_number("YH", 2026, 123) == "YH-2026-000123"


def test_a_synced_inspection_numbers_its_hazards_in_order_and_the_next_one_continues(send, enterprise, version):
    year = datetime.now(CHINA).year
    first = _with_hazards(inspection_document(enterprise, version), "消防通道堵塞", "灭火器过期")
    body = send(first).get_json()
    assert [hazard["number"] for hazard in body["hazards"]] == [f"YH-{year}-000001", f"YH-{year}-000002"]
    second = _with_hazards(inspection_document(enterprise, version), "配电箱未关闭")
    send(second)
    assert _numbers([second["hazards"][0]["uuid"]]) == {second["hazards"][0]["uuid"]: f"YH-{year}-000003"}


def test_the_year_is_the_office_year_of_finding_and_the_prefix_is_configured(app, send, enterprise, version):
    app.config["HAZARD_NUMBER_PREFIX"] = "QX"
    # 17:30 UTC on 31 December 2025 is already 1 January 2026 in the office (Shanghai)
    new_year = datetime(2025, 12, 31, 17, 30, tzinfo=timezone.utc)
    late = _with_hazards(inspection_document(enterprise, version, started_at=(new_year - timedelta(hours=1))
                                             .isoformat(), finished_at=new_year.isoformat()), "吊装区域无警示")
    old_year = new_year - timedelta(hours=2)  # 23:30 in Shanghai, still 31 December 2025
    early = _with_hazards(inspection_document(enterprise, version, started_at=(old_year - timedelta(hours=1))
                                              .isoformat(), finished_at=old_year.isoformat()), "气瓶无防倒链")
    assert send(late).status_code == 201 and send(early).status_code == 201
    assert _numbers([late["hazards"][0]["uuid"], early["hazards"][0]["uuid"]]) == {
        late["hazards"][0]["uuid"]: "QX-2026-000001", early["hazards"][0]["uuid"]: "QX-2025-000001"}


def test_a_resent_inspection_keeps_its_numbers(send, enterprise, version):
    document = _with_hazards(inspection_document(enterprise, version), "消防通道堵塞")
    stored = send(document).get_json()["hazards"][0]["number"]
    again = send(document)
    assert again.status_code == 200 and again.get_json()["hazards"][0]["number"] == stored
    assert list(take_numbers("hazard", datetime.now(CHINA).year)) == [2]  # the resend took none


def test_the_pull_gives_the_phone_each_hazards_number(client, auth, send, enterprise, version):
    document = _with_hazards(inspection_document(enterprise, version), "消防通道堵塞")
    send(document)
    auth.login("inspector")
    pulled, = client.get("/api/v1/sync/pull").get_json()["hazards"]
    assert pulled["number"] == f"YH-{datetime.now(CHINA).year}-000001"


def test_phones_syncing_at_the_same_moment_never_share_a_number(app, enterprise, version, inspector):
    """Real concurrent requests, each in its own server thread and database connection. The first round
    starts the year's sequence, so two transactions also race to create it."""
    phones, rounds = 4, 3
    for n in range(1, phones):
        make_user("inspector", username=f"inspector{n}", grids=[enterprise.grid])
    documents = [[_with_hazards(inspection_document(enterprise, version), f"隐患{r}-{n}-甲", f"隐患{r}-{n}-乙")
                  for n in range(phones)] for r in range(rounds)]
    db.session.commit()
    with live_server(app) as port:
        sessions = [HttpSession(port) for _ in range(phones)]
        for n, session in enumerate(sessions):
            session.login("inspector" if n == 0 else f"inspector{n}")
        for batch in documents:
            answers = at_once(*(partial(session.send_json, "POST", "/api/v1/inspections", document)
                                for session, document in zip(sessions, batch)))
            assert [status for status, _body in answers] == [201] * phones, answers
    numbers = _numbers(hazard["uuid"] for batch in documents for document in batch for hazard in document["hazards"])
    year = datetime.now(CHINA).year
    assert sorted(numbers.values()) == [f"YH-{year}-{n:06d}" for n in range(1, 2 * phones * rounds + 1)]
    for batch in documents:  # the hazards of one inspection take numbers that follow each other
        for document in batch:
            first, second = (int(numbers[hazard["uuid"]][-6:]) for hazard in document["hazards"])
            assert second == first + 1


def test_numbers_asked_for_at_commit_are_written_then_with_the_revision_and_a_rollback_takes_none(app, enterprise):
    """number_at_commit: nothing until the commit; then the rows get the next numbers in the order given, in the
    same statement(s) as the sync revision; a transaction rolled back gives its numbers back."""
    from safety.common.numbering import number_at_commit
    from safety.common.revisions import current_revision
    db.session.commit()

    def hazards(count):
        made = [make_hazard(enterprise, number=f"pre-{uuid.uuid4().hex[:20]}") for _n in range(count)]
        for hazard in made:
            hazard.number = None
        db.session.flush()
        return made

    first, second = hazards(2)
    number_at_commit(db.session(), "test-series", 2026, "T", [second, first])
    db.session.flush()
    assert (first.number, second.number) == (None, None)
    db.session.rollback()
    third, fourth, fifth = hazards(3)
    number_at_commit(db.session(), "test-series", 2026, "T", [fourth])
    number_at_commit(db.session(), "test-series", 2026, "T", [third])
    number_at_commit(db.session(), "test-series", 2027, "T", [fifth])
    db.session.commit()
    assert (third.number, fourth.number, fifth.number) == ("T-2026-000002", "T-2026-000001", "T-2027-000001")
    rows = db.session.execute(select(Hazard.id, Hazard.number, Hazard.sync_rev)
                              .where(Hazard.id.in_([third.id, fourth.id, fifth.id]))).tuples().all()
    revision = current_revision()
    assert sorted(rows) == sorted([(third.id, "T-2026-000002", revision), (fourth.id, "T-2026-000001", revision),
                                   (fifth.id, "T-2027-000001", revision)])
