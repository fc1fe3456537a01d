"""Every kind other than the order (tests/documents/test_verify_and_pdf.py has it) as a PDF: rendered from the
park's records, its text layer read back field by field, and the QR code on each page decoded from the page
image and followed to the verify page, which must report the document's own hash.

One PDF per kind: rendering is the slow part, so each test issues and renders its document once.
"""
import io
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest
from safety.extensions import db
from safety.inspections.models import Answer
from tests.documents.test_kinds import ISSUED_AT, office  # noqa: F401
from tests.documents.test_pages import _recheck
from tests.reports.conftest import utc


def _issue(park, **values):
    document, _created = issue_document(park["users"]["chief"], DocumentRequest(**values), now=ISSUED_AT)
    db.session.commit()
    return document


def _inspection_record(park):
    inspection = park["inspections"]["I1"]
    items = park["version"].sections[0].items
    db.session.add_all([Answer(inspection_id=inspection.id, item_id=items[0].id, result="fail"),
                        Answer(inspection_id=inspection.id, item_id=items[1].id, result="pass", note="已查看台账")])
    db.session.commit()
    return _issue(park, kind="inspection_record", inspection_uuid=inspection.uuid), (
        "某某区应急管理局", "现场检查记录", "区应急检记〔2026〕第001号", "华东钢铁有限公司", "2025年1月10日11:00—12:00",
        "检查项1", "已查看台账", "灭火器被遮挡", "煤气管道泄漏报警器失效", "2026年12月4日", "执法证号：33010020001")


def _recheck_opinion(park):
    event = _recheck(park, "H3", "recheck_failed", utc(2026, 12, 3, 2), new_deadline=date(2026, 12, 20),
                     signed_by="李北")
    db.session.commit()
    return _issue(park, kind="recheck_opinion", event_uuid=event.uuid), (
        "某某区应急管理局", "整改复查意见书", "区应急〔2026〕第001号", "华东钢铁有限公司", "配电箱门未关闭",
        "2026年12月20日", "2026年12月4日", "李北（执法证号：33010020001）")


def _onsite_measures(park):
    park["hazards"]["H2"].onsite_measure = {"measure": "stop_equipment", "place": "2号高炉煤气管道区域",
                                            "legal_basis": "《安全生产法》第六十五条第一款第三项"}
    db.session.commit()
    return _issue(park, kind="onsite_measures", inspection_uuid=park["inspections"]["I1"].uuid), (
        "某某区应急管理局", "现场处理措施决定书", "区应急〔2026〕第001号", "华东钢铁有限公司", "煤气管道泄漏报警器失效",
        "停止使用相关设施、设备", "2号高炉煤气管道区域", "《安全生产法》第六十五条第一款第三项", "2026年12月4日")


def _circular(park):
    today = date.today()
    return _issue(park, kind="circular", period_from=date(today.year - 1, 1, 1), period_to=today,
                  enterprise_codes=("E10002",)), (
        "某某区应急管理局", "通报", "区应急〔2026〕第001号", "安委会各成员单位", "阳光食品有限公司", "烤炉燃气管道老化",
        f"{today.year - 1}年1月1日至", "2026年12月4日")


@pytest.mark.parametrize("make", [_inspection_record, _recheck_opinion, _onsite_measures, _circular],
                         ids=["inspection_record", "recheck_opinion", "onsite_measures", "circular"])
def test_the_pdf_reads_back_and_its_qr_code_verifies(client, auth, park, office, make):  # noqa: F811
    document, expected = make(park)
    auth.login("chief")  # reads Chinese (the office fixture)
    response = client.get(f"/documents/{document.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.get_data()
    words = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)
    for field in expected:
        assert field in words, field
    if document.kind == "circular":
        assert "华东钢铁有限公司" not in words  # left out by the supervisor, so not on the paper either
    address = f"http://localhost/documents/{document.id}/verify?k={document.sha256[:16]}"
    pdf = pypdfium2.PdfDocument(data)
    for index in range(len(pdf)):
        codes = [result.text for result in zxingcpp.read_barcodes(pdf[index].render(scale=2).to_pil())]
        assert codes == [address], f"page {index + 1}"
    verified = client.get(address.removeprefix("http://localhost"))
    assert verified.status_code == 200
    html = verified.get_data(as_text=True)
    assert 'data-verdict="genuine"' in html and f'data-field="sha256">{document.sha256}<' in html
    assert f'data-field="number">{document.reference}<' in html
