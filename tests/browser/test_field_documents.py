"""Documents issued on site with no network (Chromium): an on-site measure on the hazard sheet, then at the end of
the inspection the record, the order and the decision, each shown for the representative to read, signed or
refused (拒签, with a photo), with numbers from the phone's block; then one sync stores them as issued."""
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select, update

from safety.documents.blocks import ReservedNumber
from safety.documents.models import Document
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, answer_current, field_world, fill_hazard, idb_all,
                                         jpeg_file, open_enterprise_by_search, sign_in, sign_pad, start_inspection,
                                         sync_now, tr, wait_for_count, wait_for_sync, wait_for_worker)

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MEASURE = {"place": "二号车间冲压机", "legal_basis": "《安全生产法》第六十五条第一款第三项"}


def choose_measure(page) -> None:
    """In the open hazard sheet, before Done: stop using the equipment, where, and the article."""
    sheet = page.locator("dialog[open]")
    sheet.get_by_label(tr("Stop using the equipment")).check()
    sheet.get_by_label(tr("Where (equipment, area or site)")).fill(MEASURE["place"])
    sheet.get_by_label(tr("Legal basis of the measure")).fill(MEASURE["legal_basis"])


def issue(page, type_: str, refuse_with=None, shot: str | None = None) -> None:
    """Open a document of the finish page, let the representative sign it (or record the refusal), issue it."""
    page.locator(f'.field-document[data-type="{type_}"] .open-document').click()
    sheet = page.locator("dialog.issue-sheet[open]")
    expect(sheet).to_be_visible()
    expect(sheet.locator(".document-text")).to_contain_text("宏达机械有限公司")
    if refuse_with is None:
        sign_pad(page, f"signature-{type_}")
    else:
        sheet.get_by_label(tr("The representative refuses to sign (拒签)")).check()
        sheet.get_by_role("button", name=tr("Issue the document")).click()
        expect(sheet.locator(".issue-problems")).to_contain_text(tr("A refusal to sign needs a photo."))
        add_photo(page, sheet.locator('.photo-strip[data-purpose="refusal"]'), refuse_with, 1)
    if shot:
        page.screenshot(path=str(SHOTS / shot))
    sheet.get_by_role("button", name=tr("Issue the document")).click()
    expect(sheet.locator(".receipt.issued")).to_be_visible(timeout=TIMEOUT_MS)
    sheet.get_by_role("button", name=tr("Close")).click()
    expect(page.locator(f'.field-document[data-type="{type_}"]')).to_have_attribute("data-issued", "true")


def test_documents_issued_offline_signed_or_refused_then_synced(live_server, page, tmp_path):
    field_world(items=1)
    # One number of each type per block: the second inspection finds the phone without a number.
    live_server.app.config["DOCUMENT_BLOCK_SIZE"] = 1
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    page.context.set_offline(True)
    page.reload()

    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    answer_current(page, "Fail")
    choose_measure(page)
    page.screenshot(path=str(SHOTS / "field-measure-phone.png"))
    fill_hazard(page, tmp_path)

    page.get_by_role("link", name=tr("Finish inspection")).click()
    page.get_by_label(tr("Name of the enterprise representative")).fill("王厂长")
    sign_pad(page, "signature-inspector")
    sign_pad(page, "signature-representative")
    # The decision must be served before the inspection leaves.
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    expect(page.locator(".finish-problems")).to_contain_text(
        tr("A measure was ordered on the spot: issue the decision on on-site measures first."))
    issue(page, "inspection_record")
    issue(page, "rectification_order", refuse_with=jpeg_file(tmp_path, "refusal.jpg", (90, 90, 90)))
    issue(page, "onsite_measures", shot="field-document-phone.png")
    numbers = {entry["type"]: entry["number"] for entry in idb_all_meta(page, "numbers_given")}
    assert numbers == {"inspection_record": 1, "rectification_order": 1, "onsite_measures": 1}
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    expect(page.locator(".record")).to_have_count(1, timeout=TIMEOUT_MS)
    [record] = idb_all(page, "outbox")
    assert sorted(doc["type"] for doc in record["documents"]) == ["inspection_record", "onsite_measures",
                                                                   "rectification_order"]

    # A second inspection: the block is used up, the record is issued all the same, to be numbered at the sync.
    page.goto(live_server.url + "/app/")
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    answer_current(page, "Pass")
    page.get_by_role("link", name=tr("Finish inspection")).click()
    expect(page.locator('.field-document[data-type="inspection_record"]')).to_contain_text(
        tr("Not issued yet; no number left on this phone: it is numbered at the next sync"))
    page.get_by_label(tr("Name of the enterprise representative")).fill("王厂长")
    sign_pad(page, "signature-inspector")
    sign_pad(page, "signature-representative")
    page.locator('.field-document[data-type="inspection_record"] .open-document').click()
    sign_pad(page, "signature-inspection_record")
    page.get_by_role("button", name=tr("Issue the document")).click()
    expect(page.locator("dialog.issue-sheet[open] .document-number")).to_have_text(
        tr("Numbered at the next sync: this phone had no number left."))
    page.get_by_role("button", name=tr("Close")).click()
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    expect(page.locator(".record")).to_have_count(2, timeout=TIMEOUT_MS)
    assert db.session.scalar(select(Hazard)) is None  # nothing left the phone

    page.context.set_offline(False)
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_sync(page)
    db.session.expire_all()
    hazard = db.session.scalar(select(Hazard))
    assert hazard.onsite_measure == {"measure": "stop_equipment", **MEASURE}
    used = db.session.execute(select(ReservedNumber.kind, ReservedNumber.number, ReservedNumber.state)
                              .where(ReservedNumber.number == 1)).all()
    assert sorted(used) == [("inspection_record", 1, "used"), ("onsite_measures", 1, "used"),
                            ("rectification_order", 1, "used")]
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    assert sorted((doc.kind, doc.number) for doc in documents) == [
        ("inspection_record", 1), ("inspection_record", 2), ("onsite_measures", 1), ("rectification_order", 1)]
    refused = next(doc for doc in documents if doc.kind == "rectification_order").content["receipt"]
    assert refused["refused"] and refused["refusal_photo"]["sha256"] and refused["signature"] is None
    # The phone says which number the server gave the one it had none for.
    late = next(doc for doc in documents if doc.number == 2)
    expect(page.locator('.sent-documents li[data-type="inspection_record"]').first).to_have_text(
        tr("%(title)s: numbered at sync, %(number)s (this phone had no number left)",
           title=tr("On-site inspection record"), number=late.reference))
    page.screenshot(path=str(SHOTS / "field-documents-sent-phone.png"))


def idb_all_meta(page, key: str):
    return page.evaluate("""async (key) => {
        const db = await new Promise((resolve, reject) => {
            const request = indexedDB.open('safety-field');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        return new Promise((resolve, reject) => {
            const request = db.transaction('meta').objectStore('meta').get(key);
            request.onsuccess = () => { resolve(request.result); db.close(); };
            request.onerror = () => reject(request.error);
        });
    }""", key)


def test_a_refused_document_deleted_on_the_phone_gives_its_numbers_back_as_void(live_server, page, tmp_path):
    """The server refuses the record's first document with 409 (its number was released meanwhile); the inspector
    deletes the record: the order's number, given on the phone but never stored, is void at the next sync, and
    neither is given again."""
    field_world(items=1)
    live_server.app.config["DOCUMENT_BLOCK_SIZE"] = 2
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    page.context.set_offline(True)
    page.reload()
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    answer_current(page, "Fail")
    fill_hazard(page, tmp_path)
    page.get_by_role("link", name=tr("Finish inspection")).click()
    page.get_by_label(tr("Name of the enterprise representative")).fill("王厂长")
    sign_pad(page, "signature-inspector")
    sign_pad(page, "signature-representative")
    issue(page, "inspection_record")
    issue(page, "rectification_order")
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    expect(page.locator(".record")).to_have_count(1, timeout=TIMEOUT_MS)
    # Meanwhile the record's number 1 was released on the server: the phone's document can no longer carry it.
    db.session.execute(update(ReservedNumber).where(ReservedNumber.kind == "inspection_record",
                                                    ReservedNumber.number == 1)
                       .values(state="void", released_at=datetime.now(UTC)))
    db.session.commit()

    page.context.set_offline(False)
    record = page.locator(".record").first
    expect(record).to_have_attribute("data-status", "needs_attention", timeout=TIMEOUT_MS)
    [kept] = idb_all(page, "outbox")
    assert (kept["error"]["status"], kept["error"]["code"]) == (409, "number_released")
    wait_for_sync(page)
    assert _number_states() == {("inspection_record", 1): "void", ("rectification_order", 1): "reserved"}

    record.get_by_role("button", name=tr("Delete…")).click()
    expect(record.locator(".sign-out-warning")).to_contain_text(tr(
        "The server has stored this inspection but not its documents. Delete the documents from the phone? Their "
        "numbers are released as void at the next sync. This cannot be undone."))
    record.get_by_role("button", name=tr("Delete"), exact=True).click()
    wait_for_count(page, "outbox", 0)
    assert idb_all_meta(page, "numbers_given") == []
    sync_now(page)
    assert _number_states() == {("inspection_record", 1): "void", ("rectification_order", 1): "void"}
    assert db.session.scalar(select(Document)) is None
    blocks = {block["type"]: block["numbers"] for block in idb_all_meta(page, "number_blocks")}
    assert 1 not in blocks["inspection_record"] and 1 not in blocks["rectification_order"]


def _number_states() -> dict:
    db.session.expire_all()
    return {(kind, number): state for kind, number, state in db.session.execute(
        select(ReservedNumber.kind, ReservedNumber.number, ReservedNumber.state)
        .where(ReservedNumber.number == 1, ReservedNumber.kind != "onsite_measures"))}
