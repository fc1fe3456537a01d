"""The public verify page a document's QR code leads to, and the PDF: its Chinese text layer and its QR code."""
import io
import json
import re

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import text

from safety.extensions import db
from tests.documents.test_kinds import ISSUED_AT, office  # noqa: F401
from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest


def _order(park):
    document, _created = issue_document(park["users"]["chief"], DocumentRequest(
        "rectification_order", inspection_uuid=park["inspections"]["I2"].uuid), now=ISSUED_AT)
    db.session.commit()
    return document


def _verify_path(document) -> str:
    return f"/documents/{document.id}/verify?k={document.sha256[:16]}"


def test_the_verify_page_is_public_and_shows_what_the_paper_shows(client, park, office):  # noqa: F811
    document = _order(park)
    page = client.get(_verify_path(document), headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-verdict="genuine"' in html
    assert re.search(r'data-field="number">区应急责改〔2026〕第001号<', html)
    assert re.search(r'data-field="enterprise">华东钢铁有限公司<', html)
    assert re.search(r'data-field="date">2026年12月4日<', html)
    assert re.search(r'data-field="office">某某区应急管理局<', html)
    assert f'data-field="sha256">{document.sha256}<' in html
    # nothing personal beyond the paper: no phone of the enterprise's contact, no signature images, no hazards
    assert "配电箱门未关闭" not in html and "/photos/" not in html
    assert park["enterprises"]["steel"].contact_phone not in html if park["enterprises"]["steel"].contact_phone \
        else True


def test_a_tampered_address_is_a_clear_404(client, park, office):  # noqa: F811
    document = _order(park)
    wrong_key = "0" * 16 if document.sha256[:16] != "0" * 16 else "1" * 16
    for path in (f"/documents/{document.id}/verify?k={wrong_key}", f"/documents/{document.id}/verify?k=",
                 f"/documents/{document.id + 1000}/verify?k={document.sha256[:16]}",
                 f"/documents/{document.id + 1000}/verify"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert 'data-verdict="unknown"' in response.get_data(as_text=True)


def test_the_bare_address_answers_with_the_document_s_hash(client, park, office):  # noqa: F811
    document = _order(park)
    response = client.get(f"/documents/{document.id}/verify")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'data-field="sha256">{document.sha256}<' in html
    assert 'data-verdict="unknown"' not in html


def test_a_changed_byte_of_stored_content_is_detected(client, park, office):  # noqa: F811
    document = _order(park)
    with db.engine.begin() as connection:
        stored = connection.execute(text("SELECT content FROM documents WHERE id = :id"), {"id": document.id}).scalar()
        content = json.loads(stored) if isinstance(stored, str) else stored
        content["hazards"][0]["description"] = content["hazards"][0]["description"].replace("未", "已", 1)
        changed = json.dumps(content, ensure_ascii=False)
        connection.execute(text("UPDATE documents SET content = :content WHERE id = :id"),
                           {"content": changed, "id": document.id})
    db.session.expire_all()
    html = client.get(_verify_path(document)).get_data(as_text=True)
    assert 'data-verdict="altered"' in html and 'data-verdict="genuine"' not in html


def test_a_superseded_document_says_so(client, auth, park, office):  # noqa: F811
    document = _order(park)
    correction, _created = issue_document(park["users"]["chief"], DocumentRequest(
        "rectification_order", inspection_uuid=park["inspections"]["I2"].uuid, corrects=document.id), now=ISSUED_AT)
    db.session.commit()
    html = client.get(_verify_path(document)).get_data(as_text=True)
    assert 'data-verdict="superseded"' in html and correction.reference in html
    assert 'data-verdict="genuine"' in client.get(_verify_path(correction)).get_data(as_text=True)


def test_the_verify_page_is_rate_limited_per_address(database_url, tmp_path):
    """With the limiter on (the suite runs without it), a crawler walking ids is refused with 429."""
    from safety.common.canonical import value_hash
    from safety.documents.models import Document
    from tests.conftest import running_app
    from tests.factories import make_enterprise, make_user

    with running_app(database_url, tmp_path, RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute") as app:
        enterprise, chief = make_enterprise(), make_user("supervisor")
        content = {"type": "circular", "reference": "〔2026〕第001号"}
        document = Document(kind="circular", year=2026, number=1, reference="〔2026〕第001号", source_key="period:x",
                            issued_by_id=chief.id, content=content, sha256=value_hash(content),
                            enterprise_id=enterprise.id)
        db.session.add(document)
        db.session.commit()
        client = app.test_client()
        answers = [client.get(_verify_path(document)).status_code for _ in range(3)]
        answers.append(client.get(f"/documents/{document.id + 1}/verify?k=0000000000000000").status_code)
        assert answers == [200, 200, 200, 429]


def test_the_pdf_carries_the_chinese_text_and_a_qr_code_to_the_verify_page(client, auth, park, office):  # noqa: F811
    document = _order(park)
    auth.login("chief")  # reads Chinese (the office fixture)
    response = client.get(f"/documents/{document.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.get_data()
    reader = PdfReader(io.BytesIO(data))
    words = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for expected in ("某某区应急管理局", "责令限期整改指令书", "区应急责改〔2026〕第001号", "华东钢铁有限公司",
                     "配电箱门未关闭", "2026年12月4日", "执法证号：33010020001"):
        assert expected in words, expected
    pdf = pypdfium2.PdfDocument(data)
    for index in range(len(pdf)):
        image = pdf[index].render(scale=3).to_pil()
        codes = [result.text for result in zxingcpp.read_barcodes(image)]
        assert codes == [f"http://localhost/documents/{document.id}/verify?k={document.sha256[:16]}"], index
    verified = client.get(codes[0].removeprefix("http://localhost")).get_data(as_text=True)
    assert f'data-field="sha256">{document.sha256}<' in verified and 'data-verdict="genuine"' in verified


def test_every_kind_prints_its_qr_code_on_the_page(client, auth, park, office):  # noqa: F811
    document = _order(park)
    auth.login("chief")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'data-verify-url="http://localhost/documents/{document.id}/verify?k={document.sha256[:16]}"' in html
    assert 'src="data:image/png;base64,' in html
