"""POST /api/v1/documents as the contract says, and its refusals: clear, with the right status, nothing written."""
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from safety.common.numbering import NumberSequence
from safety.documents.models import Document
from safety.extensions import db
from tests.factories import make_hazard, make_inspection
from tests.reports.conftest import days, utc


def _count() -> int:
    return db.session.scalar(select(func.count(Document.id)))


def _post(client, auth, body):
    return client.post("/api/v1/documents", json=body, headers=auth.headers())


def test_issuing_answers_201_with_the_contract_fields_and_again_the_same(client, auth, park):
    auth.login("chief")
    body = {"type": "rectification_order", "inspection_uuid": park["inspections"]["I2"].uuid}
    first = _post(client, auth, body)
    assert first.status_code == 201
    answer = first.get_json()
    assert set(answer) == {"id", "number", "type", "sha256", "verify_url", "pdf_url"}
    document = db.session.get(Document, answer["id"])
    assert answer["number"] == document.reference and answer["type"] == "rectification_order"
    assert answer["sha256"] == document.sha256
    assert answer["verify_url"].endswith(f"/documents/{document.id}/verify?k={document.sha256[:16]}")
    assert answer["pdf_url"].endswith(f"/documents/{document.id}.pdf")
    again = _post(client, auth, body)
    assert again.status_code == 200 and again.get_json() == answer and _count() == 4


def test_an_inspector_issues_for_their_own_inspection_but_not_outside_their_scope(client, auth, park):
    auth.login("north")
    assert _post(client, auth, {"type": "inspection_record",
                                "inspection_uuid": park["inspections"]["I2"].uuid}).status_code == 201
    refused = _post(client, auth, {"type": "rectification_order", "inspection_uuid": park["inspections"]["I5"].uuid})
    assert refused.status_code == 403 and _count() == 4
    circular = _post(client, auth, {"type": "circular", "period": {"from": "2025-01-01", "to": "2025-12-31"}})
    assert circular.status_code == 403
    assert circular.get_json()["error"]["code"] == "circular_office_only"


@pytest.mark.parametrize("body,status,code", [
    ({"type": "rectification_order", "inspection_uuid": "I4"}, 400, "no_deadline_hazards"),
    ({"type": "circular", "period": {"from": "2020-01-01", "to": "2020-03-31"}}, 400, "empty_period"),
    ({"type": "circular", "period": {"from": "2020-03-31", "to": "2020-01-01"}}, 400, "period_reversed"),
    ({"type": "circular"}, 400, "period_required"),
    ({"type": "notice", "inspection_uuid": "I2"}, 400, "unknown_type"),
    ({"type": "rectification_order"}, 400, "source_missing"),
    ({"type": "rectification_order", "inspection_uuid": "not-a-uuid"}, 400, "invalid_uuid"),
    ({"type": "rectification_order", "inspection_uuid": "6f1f43c4-9f0e-4c55-9a53-2a7a4c1c0aff"}, 404,
     "inspection_not_found"),
    ({"type": "onsite_measures", "hazard_uuids": ["H2", "H5"]}, 400, "hazards_of_several_enterprises"),
    ({"type": "onsite_measures", "inspection_uuid": "I1"}, 400, "no_onsite_measures"),
    ({"type": "circular", "period": {"from": "2025-13-01", "to": "2025-12-31"}}, 400, "invalid_date"),
    ({"type": "rectification_order", "hazard_uuids": "H2"}, 400, "invalid_hazard_uuids"),
])
def test_bad_requests_are_refused_and_write_nothing(client, auth, park, body, status, code):
    names = {**park["inspections"], **park["hazards"]}
    body = {key: (names[value].uuid if isinstance(value, str) and value in names else
                  [names[item].uuid for item in value] if isinstance(value, list) else value)
            for key, value in body.items()}
    auth.login("chief")
    sequences = db.session.scalar(select(func.count()).select_from(NumberSequence))
    response = _post(client, auth, body)
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    assert _count() == 3 and db.session.scalar(select(func.count()).select_from(NumberSequence)) == sequences


def test_a_missing_certificate_number_names_the_member(client, auth, park):
    park["users"]["north"].certificate_number = None
    db.session.commit()
    auth.login("chief")
    response = _post(client, auth, {"type": "rectification_order", "inspection_uuid": park["inspections"]["I2"].uuid})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "certificate_missing" and "李北" in error["message"] and _count() == 3


def test_an_order_from_named_hazards(client, auth, park):
    auth.login("chief")
    response = _post(client, auth, {"type": "rectification_order", "hazard_uuids": [park["hazards"]["H5"].uuid]})
    assert response.status_code == 201
    document = db.session.get(Document, response.get_json()["id"])
    assert [hazard["uuid"] for hazard in document.content["hazards"]] == [park["hazards"]["H5"].uuid]
    assert document.enterprise_id == park["enterprises"]["bakery"].id
    assert document.inspection_id == park["inspections"]["I3"].id


def test_numbers_are_gapless_under_concurrent_issuing(app, park):
    """Two threads, each its own connection and transaction, issuing orders at once: 1..n, no gap, no double
    (run it on PostgreSQL: TEST_DATABASE_URL)."""
    from safety.common.errors import DomainError
    from safety.documents.operations import issue_document
    from safety.documents.sources import DocumentRequest
    from safety.users.models import User

    enterprise, rounds = park["enterprises"]["steel"], 6
    uuids = []
    for n in range(2 * rounds):
        at = utc(2026, 3, 1 + n, 3)
        inspection = make_inspection(enterprise, park["users"]["north"], park["version"], started_at=at, finished_at=at)
        make_hazard(enterprise, inspection_id=inspection.id, found_at=at, deadline=days(10))
        uuids.append(inspection.uuid)
    db.session.commit()
    chief_id = park["users"]["chief"].id
    results, start = [], threading.Barrier(2)

    def issue(batch):
        with app.app_context():
            chief = db.session.get(User, chief_id)
            start.wait()
            for uuid in batch:
                try:
                    document, _created = issue_document(chief, DocumentRequest("rectification_order",
                                                                                inspection_uuid=uuid),
                                                        now=utc(2026, 6, 1, 2))
                    db.session.commit()
                    results.append(document.number)
                except DomainError:
                    db.session.rollback()
                    raise

    threads = [threading.Thread(target=issue, args=(uuids[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 2 * rounds + 1))
    stored = sorted(db.session.scalars(select(Document.number).where(Document.kind == "rectification_order",
                                                                    Document.year == 2026)))
    assert stored == list(range(1, 2 * rounds + 1))


def test_the_numbering_resets_at_the_office_new_year(park):
    from safety.documents.operations import issue_rectification_order
    last_of_2025, _c = issue_rectification_order(park["users"]["chief"], park["inspections"]["I2"],
                                                 now=utc(2025, 12, 31, 15, 59))  # 23:59 in Shanghai
    first_of_2026, _c = issue_rectification_order(park["users"]["chief"], park["inspections"]["I5"],
                                                  now=utc(2025, 12, 31, 16, 0))  # 00:00 on 1 January there
    assert (last_of_2025.year, last_of_2025.number) == (2025, 3)  # after I1's and I3's
    assert (first_of_2026.year, first_of_2026.number) == (2026, 1)
    assert first_of_2026.content["issued_on"] == date(2026, 1, 1).isoformat()
