"""Issuing and reading documents in the back office: produced from the records, printable, in scope."""
import re
import uuid
from datetime import date

from sqlalchemy import func, select

from safety.documents.models import Document
from safety.extensions import db
from safety.hazards.models import HazardEvent
from tests.factories import make_photo
from tests.reports.conftest import TODAY, utc


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _count() -> int:
    return db.session.scalar(select(func.count(Document.id)))


def test_the_notice_is_previewed_then_issued_with_the_next_number(client, auth, park):
    inspection = park["inspections"]["I6"]
    signer = park["users"]["south"]
    signature = make_photo(signer, inspection_id=inspection.id, purpose="inspector_signature")
    representative = make_photo(signer, inspection_id=inspection.id, purpose="representative_signature")
    auth.login("chief")
    preview = client.get("/documents/new", query_string={"inspection": inspection.uuid})
    assert preview.status_code == 200
    text = _text(preview)
    assert "To 无网格机械厂:" in text and "冲床光电保护装置失效" in text
    assert "Basis: 《中华人民共和国消防法》第十六条" in text  # the legal basis of the item that found it
    deadline = park["hazards"]["H9"].deadline
    assert f"{deadline.day} {deadline.strftime('%B')} {deadline.year}" in text and "张三" in text and "清理杂物，保持通道畅通" in text
    assert _count() == 3

    issued = auth.post_form("/documents/new", {"inspection": inspection.uuid})
    assert issued.status_code == 302
    assert _count() == 4
    page = client.get(issued.headers["Location"])
    assert page.status_code == 200
    assert f"〔{TODAY.year}〕第001号" in _text(page)
    html = page.get_data(as_text=True)
    assert f"/photos/{signature.uuid}/display.jpg" in html and f"/photos/{representative.uuid}/display.jpg" in html
    assert client.get(f"/photos/{signature.uuid}/display.jpg").status_code == 200


def test_issuing_counts_in_documents_issued(client, auth, park):
    auth.login("chief")
    before = client.get("/reports/summary.json", query_string={"period": "year"}).get_json()["documents_issued"]
    auth.post_form("/documents/new", {"inspection": park["inspections"]["I6"].uuid})
    after = client.get("/reports/summary.json", query_string={"period": "year"}).get_json()["documents_issued"]
    assert after == before + 1


def test_issuing_twice_shows_the_document_already_issued(client, auth, park):
    auth.login("chief")
    notice = park["documents"]["notice_I1"]
    response = auth.post_form("/documents/new", {"inspection": park["inspections"]["I1"].uuid})
    assert response.headers["Location"].endswith(f"/documents/{notice.id}")
    assert client.get("/documents/new", query_string={"inspection": park["inspections"]["I1"].uuid}
                      ).headers["Location"].endswith(f"/documents/{notice.id}")
    assert _count() == 3


def test_an_issued_notice_keeps_its_words_when_the_records_change(client, auth, park):
    notice = park["documents"]["notice_I1"]
    park["hazards"]["H2"].deadline = date(2030, 1, 1)
    db.session.commit()
    auth.login("chief")
    text = _text(client.get(f"/documents/{notice.id}"))
    deadline = date.fromisoformat(park["documents"]["notice_I1"].content["hazards"][0]["deadline"])
    assert "〔2025〕第001号" in text and f"{deadline.day} {deadline.strftime('%B')} {deadline.year}" in text
    assert "1 January 2030" not in text


def test_an_inspection_without_deadline_hazards_has_nothing_to_notify(client, auth, park):
    auth.login("chief")
    inspection = park["inspections"]["I4"]  # only H8, rectified on the spot
    response = client.get("/documents/new",
                          query_string={"inspection": inspection.uuid, "kind": "rectification_order"})
    assert response.status_code == 400
    assert "No hazard here is to be rectified by a deadline" in _text(response)
    response = auth.post_form("/documents/new", {"inspection": inspection.uuid, "kind": "rectification_order"})
    assert response.status_code == 400 and _count() == 3


def _recheck(park, hazard_name, event_type, at, **values):
    event = HazardEvent(uuid=str(uuid.uuid4()), hazard_id=park["hazards"][hazard_name].id, type=event_type,
                        actor_id=park["users"]["north"].id, role="inspector", at=at, **values)
    db.session.add(event)
    db.session.flush()
    return event


def test_the_opinion_lists_the_visits_rechecks_with_their_results_and_signatures(client, auth, park):
    # One visit to the steelworks (10 May in Shanghai): the major H2 fixed, H3 still not.
    passed = _recheck(park, "H2", "recheck_passed", utc(2025, 5, 10, 2), from_status="open",
                      to_status="pending_verification", signed_by="李北")
    failed = _recheck(park, "H3", "recheck_failed", utc(2025, 5, 10, 3), from_status="open", to_status="open",
                      new_deadline=date(2025, 6, 10), signed_by="李北", note="配电箱门锁仍未修复")
    signature = make_photo(park["users"]["north"], hazard_id=park["hazards"]["H3"].id, hazard_event_id=failed.id,
                           purpose="signature")
    auth.login("chief")
    response = client.get("/documents/new", query_string={"event": failed.uuid})
    assert response.status_code == 200
    text = _text(response)
    assert "煤气管道泄漏报警器失效" in text and "to be verified by the office before it is struck off" in text
    assert "配电箱门未关闭" in text and "Not rectified; to be rectified by 10 June 2025." in text
    assert "配电箱门锁仍未修复" in text
    assert "〔2025〕第001号" in text  # the notice that ordered H2 rectified
    assert f"/photos/{signature.uuid}/display.jpg" in response.get_data(as_text=True)
    assert auth.post_form("/documents/new", {"event": failed.uuid}).status_code == 302
    opinion = db.session.scalar(select(Document).where(Document.hazard_event_id == failed.id))
    assert opinion.kind == "recheck_opinion" and opinion.content["day"] == "2025-05-10"
    assert [check["hazard_uuid"] for check in opinion.content["checks"]] == [park["hazards"]["H2"].uuid,
                                                                            park["hazards"]["H3"].uuid]
    # The visit's other re-check leads to the same opinion.
    again = auth.post_form("/documents/new", {"event": passed.uuid})
    assert again.headers["Location"].endswith(f"/documents/{opinion.id}") and _count() == 4


def test_the_chooser_lists_a_visit_once(client, auth, park):
    first = _recheck(park, "H2", "recheck_failed", utc(2025, 5, 10, 2), new_deadline=date(2025, 6, 1))
    second = _recheck(park, "H3", "recheck_failed", utc(2025, 5, 10, 3), new_deadline=date(2025, 6, 1))
    auth.login("chief")
    page = client.get("/documents/new").get_data(as_text=True)
    assert (f"event={second.uuid}" in page) and (f"event={first.uuid}" not in page)
    assert f"event={park['recheck'].uuid}" not in page  # that visit has its opinion


def test_a_lookback_inspection_gets_the_opinion_of_its_visit(client, auth, park):
    from tests.factories import make_inspection
    _recheck(park, "H2", "recheck_passed", utc(2025, 5, 10, 2), to_status="pending_verification")
    lookback = make_inspection(park["enterprises"]["steel"], park["users"]["north"], park["version"],
                               kind="lookback", started_at=utc(2025, 5, 10, 1), finished_at=utc(2025, 5, 10, 4))
    covered = make_inspection(park["enterprises"]["bakery"], park["users"]["north"], park["version"],
                              kind="lookback", started_at=utc(2025, 4, 15, 1), finished_at=utc(2025, 4, 15, 4))
    auth.login("chief")
    response = client.get("/documents/new", query_string={"inspection": lookback.uuid})
    assert response.status_code == 200
    assert "Re-inspection opinion" in _text(response) and "煤气管道泄漏报警器失效" in _text(response)
    # the bakery's visit of 15 April has its opinion already
    response = client.get("/documents/new", query_string={"inspection": covered.uuid})
    assert response.headers["Location"].endswith(f"/documents/{park['documents']['opinion_H4'].id}")


def test_a_document_outside_the_jurisdiction_is_forbidden(client, auth, park):
    auth.login("northchief")
    opinion_elsewhere = park["documents"]["notice_I1"]
    assert client.get(f"/documents/{opinion_elsewhere.id}").status_code == 200
    south = park["inspections"]["I5"]
    assert client.get("/documents/new", query_string={"inspection": south.uuid}).status_code == 403
    assert auth.post_form("/documents/new", {"inspection": south.uuid}).status_code == 403
    listed = client.get("/documents/").get_data(as_text=True)
    assert re.findall(r'data-document="(\d+)"', listed) == [str(park["documents"]["opinion_H4"].id),
                                                            str(park["documents"]["notice_I3"].id),
                                                            str(opinion_elsewhere.id)]


def test_bad_records_are_explained(client, auth, park):
    auth.login("chief")
    assert client.get("/documents/new", query_string={"inspection": "not-a-uuid"}).status_code == 400
    assert client.get("/documents/new", query_string={"event": "not-a-uuid"}).status_code == 400
    response = client.get("/documents/new", query_string={"event": "1f0f43c4-9f0e-4c55-9a53-2a7a4c1c0a01"})
    assert response.status_code == 404
    assert client.get("/documents/99999").status_code == 404


def test_the_list_and_the_chooser_offer_records_waiting_for_a_document(client, auth, park):
    auth.login("chief")
    page = client.get("/documents/new").get_data(as_text=True)
    # H3 has a deadline, no order yet; I1 has its order already
    assert f"/documents/new?inspection={park['inspections']['I2'].uuid}&amp;kind=rectification_order" in page
    assert f"/documents/new?inspection={park['inspections']['I1'].uuid}&amp;kind=rectification_order" not in page
    assert f"/documents/new?event={park['recheck'].uuid}" not in page  # its opinion was issued


def test_only_the_office_issues_documents_from_the_back_office(client, auth, park):
    auth.login("north")
    assert client.get("/documents/new").status_code == 403
    assert auth.post_form("/documents/new", {"inspection": park["inspections"]["I2"].uuid}).status_code == 403
