"""Document numbers: per kind and year, never shared, even when two supervisors issue at the same moment."""
import threading
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from safety.documents.models import NOTICE, Document
from safety.documents.operations import issue_rectification_order
from safety.extensions import db
from safety.inspections.models import Inspection
from tests.factories import make_hazard, make_inspection, make_user
from tests.livehttp import HttpSession, live_server
from tests.reports.conftest import days, utc


def test_numbers_run_per_kind_and_office_year(park):
    documents = park["documents"]
    assert documents["notice_I1"].reference == "〔2025〕第001号"
    # issued at 17:00 UTC on 31 March: 1 April in Shanghai, still 2025
    assert documents["notice_I3"].reference == "〔2025〕第002号"
    assert documents["opinion_H4"].reference == "〔2025〕第001号"


def test_the_office_new_year_starts_at_one(park):
    chief = park["users"]["chief"]
    inspection = park["inspections"]["I6"]
    # 17:00 UTC on 31 December 2025 is 1 January 2026 in Shanghai
    document, created = issue_rectification_order(chief, inspection, now=utc(2025, 12, 31, 17))
    assert created and (document.year, document.number) == (2026, 1)


def test_issuing_again_for_the_same_record_gives_the_same_document(park):
    again, created = issue_rectification_order(park["users"]["root"], park["inspections"]["I1"])
    assert not created and again.id == park["documents"]["notice_I1"].id


def test_the_database_refuses_a_second_document_with_the_same_number(park):
    first = park["documents"]["notice_I1"]
    twin = Document(kind=NOTICE, year=first.year, number=first.number, enterprise_id=first.enterprise_id,
                    inspection_id=park["inspections"]["I6"].id, issued_by_id=first.issued_by_id, content={})
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_supervisors_issuing_at_once_get_different_numbers(app, park):
    """Real concurrent requests, each in its own server thread and database connection."""
    enterprise, rounds = park["enterprises"]["steel"], 5
    make_user("supervisor", username="deputy")
    pairs = []
    for n in range(rounds):
        pair = []
        for _ in range(2):
            at = utc(2026, 2, 1 + n, 3)
            inspection = make_inspection(enterprise, park["users"]["north"], park["version"],
                                         started_at=at - timedelta(hours=1), finished_at=at)
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, deadline=days(10))
            pair.append(inspection.uuid)
        pairs.append(pair)
    db.session.commit()
    with live_server(app) as port:
        sessions = [HttpSession(port), HttpSession(port)]
        sessions[0].login("chief")
        sessions[1].login("deputy")
        for pair in pairs:
            start = threading.Barrier(2)
            answers = []

            def issue(session, inspection_uuid, start=start, answers=answers):
                start.wait()
                answers.append(session.request("POST", "/documents/new", urlencode({"inspection": inspection_uuid})
                                               .encode(), {"Content-Type": "application/x-www-form-urlencoded"}))

            threads = [threading.Thread(target=issue, args=(session, uuid)) for session, uuid in zip(sessions, pair)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert sorted(status for status, _body in answers) == [302, 302], answers
    db.session.expire_all()
    uuids = [uuid for pair in pairs for uuid in pair]
    issued = list(db.session.execute(
        select(Document.year, Document.number).join(Inspection, Inspection.id == Document.inspection_id)
        .where(Document.kind == NOTICE, Inspection.uuid.in_(uuids))).tuples())
    assert len(issued) == 2 * rounds
    assert len(set(issued)) == 2 * rounds, issued
    # this office year's numbers follow each other without a gap
    numbers = sorted(number for _year, number in issued)
    assert numbers == list(range(numbers[0], numbers[0] + 2 * rounds))
