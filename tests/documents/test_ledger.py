"""The enforcement ledger: filters, the Excel export, the counts by kind in every summary, the enterprise's view."""
import io
import re

from openpyxl import load_workbook
from sqlalchemy import func, select

from safety.documents.models import Document
from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest
from safety.extensions import db
from tests.factories import make_user
from tests.documents.test_kinds import office  # noqa: F401
from tests.reports.conftest import Q2, days, utc


def _ids(html: str) -> list[str]:
    return re.findall(r'<tr data-document="(\d+)"', html)


def test_the_ledger_filters_by_kind_period_enterprise_and_issuer(client, auth, park):
    documents = park["documents"]
    auth.login("chief")
    assert _ids(client.get("/documents/?kind=recheck_opinion").get_data(as_text=True)) == [
        str(documents["opinion_H4"].id)]
    assert _ids(client.get("/documents/?start=2025-03-01&end=2025-04-01").get_data(as_text=True)) == [
        str(documents["notice_I3"].id)]  # 1 April in Shanghai
    assert _ids(client.get("/documents/?enterprise=E10001").get_data(as_text=True)) == [
        str(documents["notice_I1"].id)]
    other = make_user("supervisor", username="deputy", display_name="副主任")
    db.session.commit()
    issue_document(other, DocumentRequest("rectification_order", inspection_uuid=park["inspections"]["I2"].uuid))
    db.session.commit()
    listed = _ids(client.get(f"/documents/?inspector={other.id}").get_data(as_text=True))
    assert len(listed) == 1 and listed[0] not in {str(document.id) for document in documents.values()}


def test_the_export_has_the_filtered_rows(client, auth, park):
    auth.login("chief")
    response = client.get("/documents/export.xlsx?kind=rectification_order")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [park["documents"]["notice_I3"].reference,
                                            park["documents"]["notice_I1"].reference]
    assert rows[1][2] == "E10002" and rows[1][8] == park["documents"]["notice_I3"].sha256


def test_documents_by_type_agree_across_html_json_excel_and_the_dashboard(client, auth, park):
    auth.login("chief")
    issue_document(park["users"]["chief"], DocumentRequest(
        "circular", period_from=days(-60), period_to=days(-1)), now=utc(2025, 6, 30, 2))  # counted in Q2 2025
    db.session.commit()
    args = Q2
    summary = client.get("/reports/summary.json", query_string=args).get_json()
    expected = {"inspection_record": 0, "rectification_order": 1, "recheck_opinion": 1, "onsite_measures": 0,
                "circular": 1}
    assert summary["documents_by_type"] == expected and summary["documents_issued"] == 3
    html = client.get("/reports/summary", query_string=args).get_data(as_text=True)
    shown = dict(re.findall(r'data-document-type="(\w+)">.*?data-figure="documents_by_type">(\d+)<', html, re.S))
    assert {kind: int(count) for kind, count in shown.items()} == expected
    assert re.search(r'data-figure="documents_issued">3<', html)
    sheet = load_workbook(io.BytesIO(client.get("/reports/summary.xlsx", query_string=args).get_data())).worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    start = next(i for i, row in enumerate(rows) if row[0] == "Documents issued by kind")
    assert [row[1] for row in rows[start + 2:start + 7]] == list(expected.values())
    assert next(row[1] for row in rows if row[0] == "Documents issued") == 3
    dashboard = client.get("/reports/", query_string=args).get_data(as_text=True)
    shown = dict(re.findall(r'data-document-type="(\w+)">.*?data-figure="documents_by_type">(\d+)<', dashboard, re.S))
    assert {kind: int(count) for kind, count in shown.items()} == expected
    assert re.search(r'data-figure="documents_issued">3<', dashboard)


def test_an_enterprise_sees_the_documents_addressed_to_it(client, auth, park):
    make_user("enterprise", username="steelco", enterprise=park["enterprises"]["steel"], locale="en")
    db.session.commit()
    auth.login("steelco")
    assert _ids(client.get("/documents/").get_data(as_text=True)) == [str(park["documents"]["notice_I1"].id)]
    assert client.get(f"/documents/{park['documents']['notice_I1'].id}").status_code == 200
    assert client.get(f"/documents/{park['documents']['notice_I3'].id}").status_code == 403
    assert client.get("/documents/new").status_code == 403


def test_an_enterprise_account_pulls_its_own_documents_and_no_others(client, auth, park, office):  # noqa: F811
    """The enterprise's phone keeps the documents addressed to it (number, type, date, PDF): only its own,
    never another enterprise's nor a circular; staff pull none (they read the back office's list)."""
    from datetime import date

    from tests.documents.test_kinds import _issue

    order, _created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid)
    correction, _created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid,
                                  corrects=order.id)
    bakery, _created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I3"].uuid)
    _issue(park, kind="circular", period_from=date(date.today().year - 1, 1, 1), period_to=date.today(),
           enterprise_codes=("E10002",))
    make_user("enterprise", username="steelworks", enterprise=park["enterprises"]["steel"])
    db.session.commit()
    auth.login("steelworks")
    documents = client.get("/api/v1/sync/pull").get_json()["documents"]
    assert [(d["id"], d["number"], d["type"], d["superseded"]) for d in documents[:2]] == [
        (correction.id, correction.reference, "rectification_order", False),
        (order.id, order.reference, "rectification_order", True)]
    steel = park["enterprises"]["steel"].id
    assert all(db.session.get(Document, d["id"]).enterprise_id == steel for d in documents)
    assert len(documents) == db.session.scalar(select(func.count()).select_from(Document)
                                               .where(Document.enterprise_id == steel))
    assert documents[0]["issued_on"] == "2026-12-04" and documents[0]["sha256"] == correction.sha256
    assert client.get(documents[0]["pdf_url"]).status_code == 200
    assert client.get(f"/documents/{bakery.id}.pdf").status_code == 403
    ledger = client.get("/documents/").get_data(as_text=True)
    assert correction.reference in ledger and bakery.reference not in ledger
    auth.login("north")
    assert client.get("/api/v1/sync/pull").get_json()["documents"] == []
