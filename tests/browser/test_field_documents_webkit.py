"""Documents issued on site in WebKit (the engine of every iPhone browser), the server gone: an on-site measure on
the hazard sheet, then the record, the order and the decision, signed or refused (拒签, with a photo), numbered
from the phone's block; the server back, one sync stores each once with the phone's number."""
import pytest
from sqlalchemy import select

from safety.documents.blocks import ReservedNumber
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.browser.field_helpers import field_world, jpeg_file, tr
from tests.browser.webkit import phone, phone_server, webkit_app, xvfb_display  # noqa: F401 (fixtures)

pytestmark = pytest.mark.webkit

ENTERPRISE = "宏达机械有限公司"
MEASURE = {"place": "二号车间冲压机", "legal_basis": "《安全生产法》第六十五条第一款第三项"}


@pytest.fixture(scope="module")
def world(webkit_app):
    return field_world(items=1)


def _issue(phone, type_: str, refusal_photo: str | None = None) -> None:
    phone.tap(phone.shown(f'.field-document[data-type="{type_}"] .open-document'))
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


def test_documents_issued_offline_in_webkit_are_stored_once_with_the_phones_numbers(phone, phone_server, world,
                                                                                   tmp_path):
    phone.get(phone_server.url + "/app/")
    phone.wait(lambda: phone.visible("form.signin") or phone.visible(".topbar-sync"), "sign-in or home")
    phone.sign_in("li.inspector")
    phone.synced(phone_server, pulls_before=0)
    phone.worker_controls()
    [block] = [b for b in phone.run(
        "const db = await new Promise((ok) => { const r = indexedDB.open('safety-field'); r.onsuccess = () => ok(r.result); });"
        " return new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get('number_blocks');"
        " r.onsuccess = () => { ok(r.result); db.close(); }; });") if b["type"] == "onsite_measures"]
    first = block["numbers"][0]

    phone_server.stop()
    phone.get(f"{phone_server.url}/e/{world['enterprise'].code}")
    phone.wait(lambda: phone.text_of("#main h2") == ENTERPRISE, "the enterprise's name")
    phone.tap_button(tr("Start inspection"))
    phone.tap_button(tr("Fail"), phone.shown(".item-card"))
    sheet = phone.shown("dialog.hazard-sheet[open]")
    phone.fill(tr("Responsible person"), "王厂长", sheet)
    phone.fill(tr("Rectification measures"), "加装防护罩", sheet)
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
