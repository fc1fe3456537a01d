"""Documents issued on site in WebKit (the engine of every iPhone browser), the server gone: an on-site measure on
the hazard sheet, then the record, the order and the decision, signed or refused (拒签, with a photo), numbered
from the phone's block; the server back, one sync stores each once with the phone's number. A document the server
refuses is deleted from the outbox and its numbers come back as void; an enterprise account keeps its documents'
PDFs on the phone and opens them with the server gone."""
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from safety.documents.blocks import ReservedNumber
from safety.documents.models import Document
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.browser.field_helpers import field_world, jpeg_file, tr
from tests.browser.webkit import PULL, phone, phone_server, webkit_app, xvfb_display  # noqa: F401 (fixtures)
from tests.factories import make_hazard, make_inspection, make_user

pytestmark = pytest.mark.webkit

ENTERPRISE = "宏达机械有限公司"
MEASURE = {"place": "二号车间冲压机", "legal_basis": "《安全生产法》第六十五条第一款第三项"}


@pytest.fixture(scope="module")
def world(webkit_app):
    return field_world(items=1)


def _issue(phone, type_: str, refusal_photo: str | None = None) -> None:
    phone.tap_css(f'.field-document[data-type="{type_}"] .open-document')
    sheet = phone.shown("dialog.issue-sheet[open]")
    assert ENTERPRISE in phone.shown(".document-text", sheet).text
    if refusal_photo is None:
        phone.sign(f"signature-{type_}")
    else:
        phone.choose(tr("The representative refuses to sign (拒签)"), sheet)
        phone.tap_button(tr("Issue the document"), sheet)
        phone.wait(lambda: tr("A refusal to sign needs a photo.") in phone.shown(".issue-problems", sheet).text,
                   "the refusal asks for its photo")
        phone.add_photo(phone.shown('.photo-strip[data-purpose="refusal"]', sheet), refusal_photo, 1)
    phone.tap_button(tr("Issue the document"), sheet)
    phone.shown(".receipt.issued", sheet)
    phone.tap_button(tr("Close"), sheet)
    phone.gone("dialog.issue-sheet[open]")
    phone.wait(lambda: phone.attribute_of(f'.field-document[data-type="{type_}"]', "data-issued") == "true",
               f"{type_} issued")


def _meta(phone, key: str):
    return phone.run(
        "const db = await new Promise((ok) => { const r = indexedDB.open('safety-field');"
        " r.onsuccess = () => ok(r.result); });"
        " return new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get(args[0]);"
        " r.onsuccess = () => { ok(r.result); db.close(); }; });", key)


def _inspect_with_a_hazard(phone, phone_server, world, tmp_path, measure: bool) -> None:
    """The server gone, an inspection of the enterprise with one hazard (with an on-site measure when ``measure``),
    signed by both, up to its documents."""
    phone_server.stop()
    phone.get(f"{phone_server.url}/e/{world['enterprise'].code}")
    phone.wait(lambda: phone.text_of("#main h2") == ENTERPRISE, "the enterprise's name")
    phone.tap_button(tr("Start inspection"))
    phone.tap_button(tr("Fail"), phone.shown(".item-card"))
    sheet = phone.shown("dialog.hazard-sheet[open]")
    phone.fill(tr("Responsible person"), "王厂长", sheet)
    phone.fill(tr("Rectification measures"), "加装防护罩", sheet)
    if measure:
        phone.choose(tr("Stop using the equipment"), sheet)
        phone.fill(tr("Where (equipment, area or site)"), MEASURE["place"], sheet)
        phone.fill(tr("Legal basis of the measure"), MEASURE["legal_basis"], sheet)
    phone.add_photo(phone.shown('.photo-strip[data-purpose="answer"]', sheet),
                    jpeg_file(tmp_path, "hazard.jpg", (40, 90, 200)), 1)
    phone.tap_button(tr("Done"), sheet)
    phone.gone("dialog.hazard-sheet[open]")

    phone.tap_link(tr("Finish inspection"))
    phone.fill(tr("Name of the enterprise representative"), "王厂长")
    phone.sign("signature-inspector")
    phone.sign("signature-representative")


def test_documents_issued_offline_in_webkit_are_stored_once_with_the_phones_numbers(phone, phone_server, world,
                                                                                   tmp_path):
    phone.get(phone_server.url + "/app/")
    phone.wait(lambda: phone.visible("form.signin") or phone.visible(".topbar-sync"), "sign-in or home")
    phone.sign_in("li.inspector")
    phone.synced(phone_server, pulls_before=0)
    phone.worker_controls()
    [block] = [b for b in _meta(phone, "number_blocks") if b["type"] == "onsite_measures"]
    first = block["numbers"][0]

    _inspect_with_a_hazard(phone, phone_server, world, tmp_path, measure=True)
    _issue(phone, "inspection_record")
    _issue(phone, "rectification_order", refusal_photo=jpeg_file(tmp_path, "refusal.jpg", (90, 90, 90)))
    _issue(phone, "onsite_measures")
    phone.screenshot_on_failure("documents issued")
    phone.tap_button(tr("Submit"))
    phone.count(".record", 1)
    [record] = phone.idb_all("outbox")
    assert {doc["type"]: doc["number"] for doc in record["documents"]}["onsite_measures"] == first

    phone_server.start()
    phone.get(phone_server.url + "/app/outbox")
    phone.sync_now(phone_server)
    phone.text_shown(tr("Nothing waits: everything has been sent."))
    phone.sync_now(phone_server)  # once more: nothing is sent twice
    assert phone_server.count("POST", "/api/v1/documents") == 3

    db.session.expire_all()
    hazard = db.session.scalar(select(Hazard).where(Hazard.uuid == record["document"]["hazards"][0]["uuid"]))
    assert hazard.onsite_measure == {"measure": "stop_equipment", **MEASURE}
    state = db.session.scalar(select(ReservedNumber.state).where(ReservedNumber.kind == "onsite_measures",
                                                                 ReservedNumber.number == first))
    assert state == "used"


def _signed_in(phone, phone_server, username: str) -> None:
    """``username`` signed in and synced, the service worker in control: whoever an earlier journey left signed in
    signs out first. (Each look is inside a wait: the screen re-renders while a sync runs.)"""
    phone.get(phone_server.url + "/app/")
    screen = phone.wait(lambda: "signin" if phone.visible("form.signin") else "home" if phone.visible(".topbar-sync")
                        else None, "sign-in or home")
    if screen == "home":
        if phone.run("const r = await fetch('/api/v1/session', {cache: 'no-store'});"
                     " return r.ok ? (await r.json()).user.username : null;") == username:
            phone.worker_controls()
            return
        phone.tap_link(tr("Settings"))
        phone.tap_button(tr("Sign out"))
        asks = ("return [...document.querySelectorAll('button')].some((b) => b.offsetParent"
                " && b.innerText.trim() === arguments[0])")
        answer = phone.wait(lambda: "signin" if phone.visible("form.signin")
                            else "asked" if phone.js(asks, tr("Sign out anyway")) else None, "signed out, or asked")
        if answer == "asked":  # what an earlier journey left unsent stays on the phone
            phone.tap_button(tr("Sign out anyway"))
        phone.shown("form.signin")
    pulls = phone_server.count("GET", PULL)
    phone.sign_in(username)
    phone.synced(phone_server, pulls_before=pulls)
    phone.worker_controls()


def _states(numbers: dict) -> dict:
    db.session.expire_all()
    return {kind: db.session.scalar(select(ReservedNumber.state).where(ReservedNumber.kind == kind,
                                                                       ReservedNumber.number == number))
            for kind, number in numbers.items()}


def test_a_refused_document_deleted_in_webkit_gives_its_numbers_back_as_void(phone, phone_server, world, tmp_path):
    """The record's number is released on the server while the phone is away: the sync is refused (409), the
    inspector deletes the record, and the next sync gives the order's number, never stored, back as void."""
    _signed_in(phone, phone_server, "li.inspector")
    _inspect_with_a_hazard(phone, phone_server, world, tmp_path, measure=False)
    _issue(phone, "inspection_record")
    _issue(phone, "rectification_order")
    phone.tap_button(tr("Submit"))
    phone.count(".record", 1)
    [record] = phone.idb_all("outbox")
    numbers = {doc["type"]: doc["number"] for doc in record["documents"]}
    assert set(numbers) == {"inspection_record", "rectification_order"}
    db.session.execute(update(ReservedNumber).where(ReservedNumber.kind == "inspection_record",
                                                    ReservedNumber.number == numbers["inspection_record"])
                       .values(state="void", released_at=datetime.now(UTC)))
    db.session.commit()

    pulls = phone_server.count("GET", PULL)
    phone_server.start()
    phone.get(phone_server.url + "/app/outbox")
    phone.synced(phone_server, pulls)  # the record sent and refused, then the pull
    phone.wait(lambda: phone.attribute_of(".record", "data-status") == "needs_attention", "the record refused")
    [kept] = phone.idb_all("outbox")
    assert (kept["error"]["status"], kept["error"]["code"]) == (409, "number_released")
    assert _states(numbers) == {"inspection_record": "void", "rectification_order": "reserved"}

    phone.tap_button(tr("Delete…"))
    warning = tr("The server has stored this inspection but not its documents. Delete the documents from the phone? "
                 "Their numbers are released as void at the next sync. This cannot be undone.")
    phone.wait(lambda: warning in phone.text_of(".record .sign-out-warning"), "the warning before deleting")
    # Found afresh on each try (tap_button): the outbox re-renders whenever a sync ends, and the warning stays open.
    phone.tap_button(tr("Delete"))
    phone.wait_for_count("outbox", 0)
    assert _meta(phone, "numbers_given") == []
    phone.sync_now(phone_server)
    assert _states(numbers) == {"inspection_record": "void", "rectification_order": "void"}
    assert not db.session.scalars(select(Document).where(Document.inspection_id.is_not(None),
                                                         Document.number.in_(numbers.values()),
                                                         Document.kind.in_(numbers))).all()
    blocks = {block["type"]: block["numbers"] for block in _meta(phone, "number_blocks")}
    assert all(number not in blocks[kind] for kind, number in numbers.items())


def test_an_enterprise_opens_its_documents_pdf_in_webkit_with_the_server_gone(phone, phone_server, world):
    """The order the office issued to the enterprise is listed on its phone; with the server stopped its PDF still
    opens from what the phone kept (a Blob, or its bytes where WebKit refuses Blobs in IndexedDB)."""
    from safety.documents.operations import issue_rectification_order

    make_user("enterprise", username="hongda", enterprise=world["enterprise"], display_name="王厂长")
    inspection = make_inspection(world["enterprise"], world["inspector"], world["template"].versions[0])
    make_hazard(world["enterprise"], description="配电箱前堆放杂物", inspection_id=inspection.id,
                deadline=date.today() + timedelta(days=9))
    order, _created = issue_rectification_order(make_user("supervisor", username="chief"), inspection)
    db.session.commit()

    _signed_in(phone, phone_server, "hongda")
    item = f'.our-documents li[data-document="{order.id}"]'
    phone.wait(lambda: phone.attribute_of(item, "data-offline") == "true", "the order's PDF on the phone")
    [kept] = [file for file in phone.idb_all("document_files") if file["id"] == order.id]
    assert kept["sha256"] == order.sha256  # the document the file was kept for
    pdf = kept.get("blob") or kept.get("blob_bytes")  # a Blob, or its bytes where WebKit refuses Blobs

    phone_server.stop()
    try:
        phone.reload()
        phone.wait(lambda: phone.attribute_of(item, "data-offline") == "true", "the order listed, offline")
        assert phone.text_of(f"{item} .document-number") == order.reference
        assert tr("Order to rectify by a deadline") in phone.text_of(item)
        assert phone.text_of(f"{item} a.document-pdf") == tr("PDF (on this phone)")
        # The file the link is made from, as the app reads it back (a Blob again, however it was kept).
        assert phone.run("""
            const file = await (await import('/static/js/store/pulled.js')).getDocumentFile(args[0]);
            return {type: file.blob.type, size: file.blob.size, head: await file.blob.slice(0, 5).text()};""",
                         order.id) == {"type": "application/pdf", "size": pdf["size"], "head": "%PDF-"}
        # A tap opens it in a tab of its own (WebKit's PDF viewer), the server still gone.
        app_window = phone.driver.current_window_handle
        phone.tap_css(f"{item} a.document-pdf")
        [tab] = phone.wait(lambda: [h for h in phone.driver.window_handles if h != app_window], "the PDF's tab")
        phone.driver.switch_to.window(tab)
        try:
            shown = ["blob:", "application/pdf"]
            phone.wait(lambda: phone.js("return [location.protocol, document.contentType]") == shown, "the PDF shown")
        finally:
            phone.driver.close()
            phone.driver.switch_to.window(app_window)
    finally:
        phone_server.start()
