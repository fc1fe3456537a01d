"""The field journeys in WebKit (the Safari engine), at an iPhone's size, with the server really gone.

One server and one WebKit for the module: the look-back journey runs on the phone the first journey signed in
on, as an inspector's day goes (run alone, it signs in itself). Each journey prints how long it took.
"""
import base64
import hashlib
import io
import time
import uuid as uuid_module
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from safety.photos.storage import get_photo_store
from tests.browser.field_helpers import (RETURN_COMMENT, field_world, hazard_with_evidence, jpeg_file,
                                         joint_check_task, returned_on_another_phone, tr)
from tests.browser.webkit import phone, phone_server, webkit_app, xvfb_display  # noqa: F401 (fixtures)
from tests.browser.webkit import PULL
from tests.factories import make_campaign, make_task

pytestmark = pytest.mark.webkit

ENTERPRISE = "宏达机械有限公司"


@pytest.fixture(scope="module")
def world(webkit_app):
    return field_world(items=3)


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _original_sha256(photo: Photo) -> str:
    with get_photo_store().open_original(photo.sha256) as original:
        return hashlib.sha256(original.read()).hexdigest()


def _image(record) -> dict:
    """The image of a photo or thumbnail record: a Blob, or its bytes where WebKit refuses Blobs (db.js)."""
    return record.get("blob") or record["blob_bytes"]


def _signed_in_and_synced(phone, server) -> None:
    """The app open at home with a completed sync; signs in through the app's screen when it asks."""
    phone.get(server.url + "/app/")
    phone.wait(lambda: phone.visible("form.signin") or phone.visible(".topbar-sync"), "sign-in or home")
    if phone.visible("form.signin"):
        phone.sign_in("li.inspector")
    phone.shown(".topbar-sync")
    phone.tap_link(tr("Outbox"), phone.shown(".tabbar"))
    phone.sync_now(server)


def _sync_from_the_outbox(phone, server) -> None:
    """Back online: the outbox's Sync now, until nothing waits (twice: a second sync must send nothing again)."""
    phone.get(server.url + "/app/outbox")
    phone.sync_now(server)
    phone.text_shown(tr("Nothing waits: everything has been sent."))
    phone.sync_now(server)


def _qr_png(text: str) -> str:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(text, border=4).save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


_DECODE_QR = """
    const [png] = args;
    const bytes = Uint8Array.from(atob(png), (char) => char.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
    const reader = await (await import('/static/js/scanner.js')).detector();
    const codes = await reader.detect(image);
    return {native: 'BarcodeDetector' in window, codes: codes.map((code) => code.rawValue)};
"""


def _images_decoded(phone, css: str) -> bool:
    return phone.js("const images = [...document.querySelectorAll(arguments[0])];"
                    "return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);",
                    css)


def test_inspection_offline_in_webkit_survives_a_reload_and_syncs_exactly_once(phone, phone_server, world, tmp_path):
    started = time.monotonic()
    before = {model: _count(model) for model in (Inspection, Answer, Hazard, Photo)}
    posted_before = phone_server.count("POST", "/api/v1/inspections")

    # Sign in through the app's own screen, online; the worker takes control and the pull lands in IndexedDB.
    phone.get(phone_server.url + "/app/")
    assert phone.js("return window.isSecureContext && 'serviceWorker' in navigator")
    phone.wait(lambda: phone.visible("form.signin") or phone.visible(".topbar-sync"), "sign-in or home")
    if not phone.visible("form.signin"):
        pytest.fail("the phone was already signed in: this journey must run first on a fresh WebKit")
    phone.sign_in("li.inspector")
    phone.text_shown(tr("Hello, %(name)s", name="李检查"))
    phone.synced(phone_server, pulls_before=0)
    phone.worker_controls()
    assert phone.js("return [innerWidth, innerHeight]") == [390, 844]
    assert {row["code"] for row in phone.idb_all("enterprises")} == {"E10001"}
    assert len(phone.idb_all("templates")) == 1
    # The storage card offers only what this browser can do (WebKitGTK has no navigator.storage at all).
    storage = phone.js("return {persist: Boolean(navigator.storage && navigator.storage.persist),"
                       " estimate: Boolean(navigator.storage && navigator.storage.estimate)}")
    card = phone.wait(lambda: phone.js(
        "const card = document.querySelector('.storage-health');"
        " const persisted = card && card.querySelector('dd[data-persisted]');"
        " return persisted && {persisted: persisted.dataset.persisted === 'true', text: card.innerText,"
        " buttons: [...card.querySelectorAll('button')].map((button) => button.innerText.trim())};"),
        "the storage card")
    assert (tr("Keep data on this phone") in card["buttons"]) == (storage["persist"] and not card["persisted"])
    assert (tr("Used") in card["text"]) == storage["estimate"] and "?" not in card["text"]

    # The server goes away. The enterprise's QR link still opens, from the worker's cache.
    phone_server.stop()
    phone.get(f"{phone_server.url}/e/{world['enterprise'].code}")
    phone.wait(lambda: phone.text_of("#main h2") == ENTERPRISE, "the enterprise's name")
    assert phone.attribute_of(".identified", "data-identified-by") == "qr"
    assert phone.path == f"/app/enterprise/{world['enterprise'].code}"
    # The in-app scanner's decoder offline: WebKit has no BarcodeDetector, so the vendored one (and its
    # WebAssembly, from the worker's cache) reads the enterprise's QR label.
    label = f"{phone_server.url}/e/{world['enterprise'].code}"
    assert phone.run(_DECODE_QR, _qr_png(label)) == {"native": False, "codes": [label]}

    phone.tap_button(tr("Start inspection"))
    phone.tap_button(tr("Pass"), phone.shown(".item-card"))
    phone.wait(lambda: phone.attribute_of(".item-card", "data-state") == "pass", "item 1 passed")
    phone.add_photo(phone.shown(".item-card .photo-strip"), jpeg_file(tmp_path, "ok.jpg"), 1)
    phone.tap_button(tr("Next item"))

    phone.tap_button(tr("Fail"), phone.shown(".item-card"))
    sheet = phone.shown("dialog.hazard-sheet[open]")
    phone.fill(tr("Description of the hazard"), "配电箱前堆放杂物", sheet)
    phone.choose(tr("Major hazard"), sheet)
    phone.fill(tr("Responsible person"), "王厂长", sheet)
    phone.fill(tr("Rectification measures"), "清理通道杂物，设置禁止堆放标识", sheet)
    deadline = (date.today() + timedelta(days=12)).isoformat()
    phone.fill_date(tr("Deadline"), deadline, sheet)
    phone.add_photo(phone.shown('.photo-strip[data-purpose="answer"]', sheet),
                    jpeg_file(tmp_path, "hazard.jpg", (40, 90, 200)), 1)
    phone.tap_button(tr("Done"), sheet)
    phone.gone("dialog.hazard-sheet[open]")

    # A reload in the middle (a crash, the app swiped away): the draft is on disk, at the item it was on,
    # its photo readable again from IndexedDB.
    phone.reload()
    phone.wait(lambda: phone.attribute_of(".item-card", "data-state") == "fail",
               "the failed item again after the reload")
    assert tr("Major hazard") in phone.shown(".hazard-summary").text
    phone.count(".item-card .thumb img", 1)
    phone.wait(lambda: _images_decoded(phone, ".item-card .thumb img"), "the stored photo shown")
    [draft] = phone.idb_all("drafts")
    [hazard_draft] = draft["hazards"].values()
    assert (hazard_draft["level"], hazard_draft["deadline"], hazard_draft["responsible_person"]) == (
        "major", deadline, "王厂长")

    phone.tap_button(tr("Next item"))
    phone.tap_button(tr("Not applicable"), phone.shown(".item-card"))
    phone.tap_link(tr("Finish inspection"))
    phone.by_text("h2", tr("All items answered"))
    phone.fill(tr("Name of the enterprise representative"), "王厂长")
    phone.sign("signature-inspector")
    phone.sign("signature-representative")
    phone.tap_button(tr("Submit"))
    phone.count(".record", 1)

    [record] = phone.idb_all("outbox")
    photos = phone.idb_all("photos")
    # Each photo's recorded hash is the hash of the bytes the phone holds: JPEGs for the camera, PNG signatures.
    assert sorted(photo["content_type"] for photo in photos) == ["image/jpeg", "image/jpeg", "image/png", "image/png"]
    assert [_image(photo)["sha256"] for photo in photos] == [photo["sha256"] for photo in photos]
    phone_photos = {photo["uuid"]: photo for photo in photos}
    assert set(record["photos"]) == set(phone_photos)
    assert record["document"]["hazards"][0]["deadline"] == deadline
    # Nothing reached the server, and the phone says it could not send.
    assert {model: _count(model) for model in before} == before
    phone.tap_button(tr("Sync now"))
    phone.shown(".topbar-sync.sync-waiting")

    # The server is back: one sync sends it all.
    phone_server.start()
    _sync_from_the_outbox(phone, phone_server)
    assert phone.idb_all("outbox") == [] and phone.idb_all("photos") == [] and phone.idb_all("drafts") == []
    # Sent once, not only stored once: each photo uploaded once, the inspection posted once, over both syncs.
    assert {uuid: phone_server.count("PUT", f"/api/v1/photos/{uuid}") for uuid in phone_photos} == {
        uuid: 1 for uuid in phone_photos}
    assert phone_server.count("POST", "/api/v1/inspections") == posted_before + 1

    # Exactly one of everything, and every photo's stored original has the hash the phone took.
    [inspection] = db.session.scalars(select(Inspection).where(Inspection.uuid == record["uuid"]))
    assert _count(Inspection) == before[Inspection] + 1
    assert (inspection.identified_by, inspection.representative_name) == ("qr", "王厂长")
    answers = db.session.scalars(select(Answer).where(Answer.inspection_id == inspection.id)).all()
    assert sorted(answer.result for answer in answers) == ["fail", "na", "pass"]
    assert _count(Answer) == before[Answer] + 3
    [hazard] = db.session.scalars(select(Hazard).where(Hazard.inspection_id == inspection.id))
    assert _count(Hazard) == before[Hazard] + 1
    assert (hazard.description, hazard.level, hazard.mode, hazard.responsible_person, hazard.deadline.isoformat()) == (
        "配电箱前堆放杂物", "major", "deadline", "王厂长", deadline)
    stored = db.session.scalars(select(Photo).where(Photo.uuid.in_(list(phone_photos)))).all()
    assert _count(Photo) == before[Photo] + 4 and len(stored) == 4
    for photo in stored:
        assert photo.sha256 == phone_photos[photo.uuid]["sha256"] == _original_sha256(photo)
        assert photo.inspection_id == inspection.id or photo.answer_id in {answer.id for answer in answers}
    assert sorted(photo.purpose for photo in stored) == [
        "answer", "hazard", "inspector_signature", "representative_signature"]
    # The failed item's photo is the hazard's evidence too.
    [failed] = [answer for answer in record["document"]["answers"] if answer["result"] == "fail"]
    assert [photo.uuid for photo in stored if photo.hazard_id == hazard.id] == failed["photos"]
    assert max(max(photo.width, photo.height) for photo in stored if photo.content_type == "image/jpeg") == 1600
    print(f"\nWebKit inspection journey: {time.monotonic() - started:.1f} s")


def test_lookback_recheck_offline_in_webkit_is_stored_once(phone, phone_server, world, tmp_path):
    started = time.monotonic()
    hazard, evidence = hazard_with_evidence(world["enterprise"], world["inspector"], description="消防通道被占用",
                                            deadline=date.today() - timedelta(days=2))
    db.session.commit()

    _signed_in_and_synced(phone, phone_server)
    phone.wait(lambda: evidence.uuid in {thumb["uuid"] for thumb in phone.idb_all("thumbs")},
               "the hazard's evidence thumbnail on the phone")
    [thumb] = [thumb for thumb in phone.idb_all("thumbs") if thumb["uuid"] == evidence.uuid]
    assert _image(thumb)["size"] == thumb["size"] > 0

    phone_server.stop()
    phone.get(f"{phone_server.url}/e/{world['enterprise'].code}")
    row = phone.shown(f'.hazard-row[data-uuid="{hazard.uuid}"]')
    assert row.get_attribute("data-overdue") == "true"
    # The evidence thumbnail from the phone's own storage: the server is gone.
    phone.wait(lambda: _images_decoded(phone, f'.hazard-row[data-uuid="{hazard.uuid}"] .evidence img'),
               "the evidence thumbnail shown offline")
    assert phone.find_all(".evidence img", row)[0].get_attribute("src").startswith("blob:")

    phone.tap_button(tr("Re-check: passed"), row)
    sheet = phone.shown("dialog.recheck-sheet[open]")
    phone.add_photo(phone.shown(".photo-strip", sheet), jpeg_file(tmp_path, "fixed.jpg", (60, 160, 60)), 1)
    phone.fill(tr("Note"), "通道已清理，畅通", sheet)
    phone.tap_button(tr("Save re-check"), sheet)
    phone.gone("dialog.recheck-sheet[open]")
    waiting = f'.hazard-row[data-uuid="{hazard.uuid}"] .waiting'
    phone.wait(lambda: phone.text_of(waiting) == tr("Re-check passed — waiting to send"),
               "the re-check waiting to be sent")
    # Re-checked once: the row no longer offers it.
    buttons = phone.js("return [...document.querySelectorAll(arguments[0])].map((button) => button.innerText.trim())",
                       f'.hazard-row[data-uuid="{hazard.uuid}"] button')
    assert tr("Re-check: passed") not in buttons

    # A reload before the network returns: the re-check waits in the outbox with its photo.
    phone.reload()
    phone.wait(lambda: phone.text_of(waiting) == tr("Re-check passed — waiting to send"),
               "the re-check still waiting after the reload")
    [record] = phone.idb_all("outbox")
    assert (record["type"], record["hazard_uuid"], record["document"]["type"]) == (
        "hazard_event", hazard.uuid, "recheck_passed")
    [photo] = phone.idb_all("photos")
    assert record["document"]["photos"] == [photo["uuid"]]
    assert _image(photo)["sha256"] == photo["sha256"]
    assert _count(HazardEvent, HazardEvent.hazard_id == hazard.id, HazardEvent.type == "recheck_passed") == 0

    phone_server.start()
    _sync_from_the_outbox(phone, phone_server)
    assert phone.idb_all("outbox") == [] and phone.idb_all("photos") == []
    assert phone_server.count("POST", f"/api/v1/hazards/{hazard.uuid}/events") == 1
    assert phone_server.count("PUT", f"/api/v1/photos/{photo['uuid']}") == 1

    [event] = db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id,
                                                           HazardEvent.type == "recheck_passed"))
    assert (event.uuid, event.applied, event.note) == (record["uuid"], True, "通道已清理，畅通")
    [stored] = db.session.scalars(select(Photo).where(Photo.hazard_event_id == event.id))
    assert stored.uuid == photo["uuid"] and stored.sha256 == photo["sha256"] == _original_sha256(stored)
    db.session.refresh(hazard)
    assert hazard.status == "closed"
    # The closed hazard left the phone with its thumbnail.
    assert hazard.uuid not in {row["uuid"] for row in phone.idb_all("hazards")}
    assert evidence.uuid not in {thumb["uuid"] for thumb in phone.idb_all("thumbs")}
    print(f"\nWebKit look-back journey: {time.monotonic() - started:.1f} s")


def test_a_reading_outside_its_limits_fails_and_opens_the_hazard_sheet_in_webkit(phone, phone_server, world, tmp_path):
    from selenium.webdriver.common.keys import Keys

    from tests.factories import make_template

    started = time.monotonic()
    template = make_template(name="有限空间作业检查表", topic="confined_space", items=1)
    [oxygen] = template.versions[0].items()
    oxygen.kind, oxygen.min_value, oxygen.max_value, oxygen.unit = "number", 19.5, 23.5, "%VOL"
    db.session.commit()
    _signed_in_and_synced(phone, phone_server)

    phone.get(f"{phone_server.url}/e/{world['enterprise'].code}")
    form = phone.shown("form.start-inspection")
    # Only this checklist (the start form takes several for one visit; the sector may have pre-ticked another).
    phone.js("arguments[0].querySelectorAll('input[name=template]').forEach((box) => { box.checked = false; })", form)
    phone.choose("有限空间作业检查表", form)
    phone.tap_button(tr("Start inspection"))
    card = phone.shown(".item-card")
    assert phone.text_of(".item-card .unit") == "%VOL"
    phone.fill(tr("Value"), "17", card)
    phone.field(tr("Value"), card).send_keys(Keys.TAB)  # the reading is complete
    sheet = phone.shown("dialog.hazard-sheet[open]")
    assert phone.text_of(".reading-outside") == tr("Reading %(value)s is outside the limits (%(limits)s).",
                                                   value="17 %VOL", limits="19.5–23.5 %VOL")
    phone.fill(tr("Responsible person"), "王厂长", sheet)
    phone.fill(tr("Rectification measures"), "通风置换后重新检测", sheet)
    phone.add_photo(phone.shown('.photo-strip[data-purpose="answer"]', sheet), jpeg_file(tmp_path, "o2.jpg"), 1)
    phone.tap_button(tr("Done"), sheet)
    phone.gone("dialog.hazard-sheet[open]")
    assert phone.attribute_of(".item-card", "data-state") == "fail"

    phone.tap_link(tr("Finish inspection"))
    phone.fill(tr("Name of the enterprise representative"), "王厂长")
    phone.sign("signature-inspector")
    phone.sign("signature-representative")
    phone.tap_button(tr("Submit"))
    # Submitting syncs at once (the server is up): let that sync finish before the outbox's own, or the reload
    # lands in the middle of it.
    phone.wait_for_count("outbox", 0)
    _sync_from_the_outbox(phone, phone_server)
    [answer] = db.session.scalars(select(Answer).where(Answer.item_id == oxygen.id))
    assert (answer.result, answer.value) == ("fail", "17")
    assert _count(Hazard, Hazard.item_id == oxygen.id) == 1
    print(f"\nWebKit numeric-fail journey: {time.monotonic() - started:.1f} s")


def test_a_returned_inspection_reaches_a_fresh_sign_in_and_is_amended_offline_in_webkit(phone, phone_server,
                                                                                          webkit_app, world):
    started = time.monotonic()
    document = returned_on_another_phone(webkit_app, world)  # sent from the phone the inspector had before

    # This phone signs in afresh (signing out first forgets what it held of the inspector's scope).
    phone.get(phone_server.url + "/app/")
    phone.wait(lambda: phone.visible("form.signin") or phone.visible(".topbar-sync"), "sign-in or home")
    if not phone.visible("form.signin"):
        phone.tap_link(tr("Settings"))  # the tab, as the inspector goes there: the page and its sync stay
        phone.tap_button(tr("Sign out"))
        asks = "return [...document.querySelectorAll('button')].some((b) => b.offsetParent && b.innerText.trim() === arguments[0])"
        phone.wait(lambda: phone.visible("form.signin") or phone.js(asks, tr("Sign out anyway")), "signed out, or asked")
        if not phone.visible("form.signin"):  # what an earlier journey left unsent stays on the phone
            phone.tap_button(tr("Sign out anyway"))
        phone.shown("form.signin")
    _signed_in_and_synced(phone, phone_server)
    phone.get(phone_server.url + "/app/")
    row = f'.returned-row[data-uuid="{document["uuid"]}"]'
    assert phone.shown(f"{row} .review-comment").text == tr("Returned: %(comment)s", comment=RETURN_COMMENT)
    phone.wait_for_count("returned_photos", 3)  # the photo and both signatures
    phone.worker_controls()

    phone_server.stop()
    phone.reload()
    phone.tap_button(tr("Amend and resubmit"), phone.shown(row))
    phone.wait(lambda: phone.attribute_of(".item-card", "data-state") == "pass", "the amendment's first item")
    phone.count(".item-card .thumb img", 1)
    phone.wait(lambda: _images_decoded(phone, ".item-card .thumb img"), "the carried photo shown offline")
    for _item in world["template"].versions[0].items()[1:]:
        phone.tap_button(tr("Next item"))
    phone.tap_link(tr("Finish inspection"))
    for pad in ("#signature-inspector", "#signature-representative"):
        phone.wait(lambda: phone.attribute_of(pad, "data-signed") == "true", f"{pad} carried over")
        phone.wait(lambda: _images_decoded(phone, f"{pad} img"), f"{pad} shown offline")
    phone.tap_button(tr("Submit"))
    phone.wait(lambda: any(record["document"].get("revision_of") == document["uuid"]
                           for record in phone.idb_all("outbox")), "the amendment queued")

    phone_server.start()
    _sync_from_the_outbox(phone, phone_server)
    db.session.expire_all()
    earlier = db.session.scalar(select(Inspection).where(Inspection.uuid == document["uuid"]))
    revision = db.session.scalar(select(Inspection).where(Inspection.revision_of_id == earlier.id))
    assert (earlier.review_state, revision.revision, revision.review_state) == ("superseded", 2, "submitted")
    phone.get(phone_server.url + "/app/")
    phone.shown(".topbar-sync")
    phone.wait_for_count("returned", 0)
    phone.wait_for_count("returned_photos", 0)
    print(f"\nWebKit returned-on-a-new-phone journey: {time.monotonic() - started:.1f} s")


_FINGERPRINT = """
    const [uuid] = args;
    const doc = await (await fetch(`/api/v1/inspections/${uuid}`)).json();
    return (await import('/static/js/signed-content.js')).signedContentSha256(doc);
"""


def _returned_signed_inspection(world):
    """An inspection with a deadline hazard signed by the enterprise, stored and returned by the reviewer."""
    from safety.inspections.operations import store_inspection
    from safety.inspections.validation import parse_inspection
    from tests.factories import inspection_document, make_photo

    inspector = world["inspector"]
    version = world["template"].versions[0]
    document = inspection_document(world["enterprise"], version)
    evidence = make_photo(inspector).uuid
    document["answers"][0].update(result="fail", photos=[evidence])
    document["hazards"] = [{"uuid": str(uuid_module.uuid4()), "item_id": document["answers"][0]["item_id"],
                            "description": "疏散通道堆放杂物", "level": "general", "mode": "deadline",
                            "responsible_person": "王厂长", "measures": "清理杂物",
                            "deadline": (date.today() + timedelta(days=7)).isoformat(), "photos": [evidence],
                            "rectification_photos": []}]
    document["signatures"] = {"inspector": make_photo(inspector).uuid, "representative": make_photo(inspector).uuid,
                              "representative_name": "王厂长"}
    inspection = store_inspection(inspector, parse_inspection(document)).inspection
    inspection.review_state, inspection.review_comment = "returned", "整改期限过短"
    db.session.commit()
    return document


def test_an_amended_deadline_in_webkit_asks_the_representative_to_sign_again(phone, phone_server, world):
    started = time.monotonic()
    _signed_in_and_synced(phone, phone_server)
    document = _returned_signed_inspection(world)
    phone.sync_now(phone_server)  # pull delivers the returned inspection
    # WebKit's fingerprint of the returned document is the server's.
    [first] = db.session.scalars(select(Inspection).where(Inspection.uuid == document["uuid"]))
    assert phone.run(_FINGERPRINT, document["uuid"]) == first.signed_content_sha256 == first.representative_signed_sha256

    pulls = phone_server.count("GET", PULL)
    phone.get(phone_server.url + "/app/")
    # The app syncs as it starts and redraws home when that sync ends; tap once home has settled.
    phone.synced(phone_server, pulls)
    phone.tap_button(tr("Amend and resubmit"), phone.shown(".returned-card"))
    phone.wait(lambda: phone.attribute_of(".item-card", "data-state") == "fail", "the failed item")
    phone.tap_button(tr("Edit hazard"))
    sheet = phone.shown("dialog.hazard-sheet[open]")
    later = (date.today() + timedelta(days=10)).isoformat()
    phone.fill_date(tr("Deadline"), later, sheet)
    phone.tap_button(tr("Done"), sheet)
    phone.gone("dialog.hazard-sheet[open]")
    for position in (2, 3):
        phone.tap_button(tr("Next item"))
        phone.wait(lambda: phone.text_of(".item-card .item-section").endswith(f"{position}/3"), f"item {position}")
    phone.tap_link(tr("Finish inspection"))
    phone.text_shown(tr("The enterprise representative signed revision %(revision)s, and what they signed has "
                        "changed: ask them to sign again, or give the reason it is amended without the enterprise.",
                        revision=1))
    assert phone.attribute_of("#signature-representative", "data-signed") == "false"
    phone.sign("signature-representative")
    phone.tap_button(tr("Submit"))
    # Submitting syncs at once: the server's acceptance of WebKit's fingerprint empties the outbox.
    phone.wait_for_count("outbox", 0)
    phone.text_shown(tr("Nothing waits: everything has been sent."))

    [revision] = db.session.scalars(select(Inspection).where(Inspection.revision_of_id == first.id))
    assert (revision.revision, revision.representative_signed_revision, revision.inspector_signed_revision) == (2, 2, 1)
    assert revision.representative_signed_sha256 == revision.signed_content_sha256 != first.signed_content_sha256
    print(f"\nWebKit amendment journey: {time.monotonic() - started:.1f} s")


def test_campaign_task_offline_in_webkit_with_a_colleague_and_an_expert_is_done_after_sync(phone, phone_server, world):
    started = time.monotonic()
    task = joint_check_task(world, "2026-LH-02")
    # An annual plan's two further visits there: the enterprise's screen shows the next, the other folded.
    today = date.today()
    plan = make_campaign("2026-ND-02", name="年度监督检查计划", kind="plan",
                         starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300))
    visits = [make_task(plan, world["enterprise"], team=[world["inspector"]], due_on=today + timedelta(days=days))
              for days in (20, 50)]
    db.session.commit()

    _signed_in_and_synced(phone, phone_server)
    phone_server.stop()
    phone.get(f"{phone_server.url}/app/enterprise/{world['enterprise'].code}")
    phone.count(".tasks-here > ul > li", 2)
    assert phone.js("return [...document.querySelectorAll('.tasks-here > ul > li')].map((li) => li.dataset.uuid)"
                    ) == [task.uuid, visits[0].uuid]
    phone.text_shown(tr("Later tasks here (%(count)s)", count=1))
    assert not phone.visible(f'.later-tasks li[data-uuid="{visits[1].uuid}"] a')
    phone.tap_css(".later-tasks summary")
    phone.shown(f'.later-tasks li[data-uuid="{visits[1].uuid}"] a')
    phone.get(phone_server.url + "/app/tasks")
    row = f'.task-row[data-uuid="{task.uuid}"]'
    phone.tap_css(f"{row} a")
    phone.shown(".task-card")
    assert phone.js("const chosen = document.querySelector('.start-inspection input[name=\"template\"]:checked');"
                    " return [chosen.nextElementSibling.textContent, document.querySelector("
                    "'.start-inspection input[name=\"kind\"]:checked').value]") == ["危险化学品检查表", "campaign"]
    phone.tap_button(tr("Start inspection"))
    phone.tap_button(tr("Pass"), phone.shown(".item-card"))
    phone.tap_link(tr("Finish inspection"))
    team = phone.shown("#team")
    phone.fill(tr("Add a colleague"), "王同", team)
    phone.tap_css(".staff-match", team)
    phone.tap_css(".team-outside summary", team)
    phone.fill(tr("Name"), "赵专家", team)
    phone.fill(tr("Organisation"), "市应急管理局专家库", team)
    phone.tap_button(tr("Add to the team"), team)
    phone.count(".team-member", 3, team)
    phone.fill(tr("Name of the enterprise representative"), "王厂长")
    phone.sign("signature-inspector")
    phone.sign("signature-representative")
    phone.tap_button(tr("Submit"))
    phone.count(".record", 1)
    [record] = phone.idb_all("outbox")
    assert (record["document"]["task_uuid"], record["document"]["team"]) == (task.uuid, [
        {"username": "li.inspector"}, {"username": "wang"},
        {"name": "赵专家", "organisation": "市应急管理局专家库", "role": "expert"}])

    phone_server.start()
    _sync_from_the_outbox(phone, phone_server)
    phone.get(phone_server.url + "/app/tasks")
    phone.wait(lambda: phone.attribute_of(row, "data-state") == "done", "the task done")
    [inspection] = db.session.scalars(select(Inspection).where(Inspection.uuid == record["uuid"]))
    assert inspection.task_id == task.id
    print(f"\nWebKit task journey: {time.monotonic() - started:.1f} s")


# A long chain of writes in one of the app's own transactions, like a pull applying itself: it runs until the page
# goes away. ``window.chainCommits`` counts its committed transactions.
_ENDLESS_WRITES = """
    const { database } = await import('/static/js/db.js');
    const db = await database();
    window.chainCommits = 0;
    (async () => {
      for (;;) {
        const tx = db.transaction('meta', 'readwrite');
        for (let i = 0; i < 40; i += 1) await tx.store.put('x'.repeat(10000), `chain-${i}`);
        await tx.done;
        window.chainCommits += 1;
      }
    })();
    return true;
"""

# A write on the page the inspector went on to: 'written', or 'frozen' when it waits behind the left page.
_WRITE_WITHIN_5_S = """
    const { database } = await import('/static/js/db.js');
    const written = (async () => {
      const db = await database();
      await db.put('meta', Date.now(), 'after_leaving');
      for (let i = 0; i < 40; i += 1) await db.delete('meta', `chain-${i}`);
      return 'written';
    })();
    return Promise.race([written, new Promise((resolve) => setTimeout(() => resolve('frozen'), 5000))]);
"""


def test_leaving_a_page_mid_write_does_not_freeze_the_storage_of_the_next_in_webkit(phone, phone_server, world):
    """WebKit keeps a page that is left in its back/forward cache, and a transaction that page had under way then
    never ends: every later write waits behind it, until the browser quits. The app aborts its unfinished
    transactions when its page goes into that cache (db.js): the next page writes at once."""
    _signed_in_and_synced(phone, phone_server)
    # Going on to another address of the app keeps the page left in the cache (the same address again would not).
    for attempt, going_to in enumerate(("/app/settings", "/app/", "/app/outbox", "/app/")):
        phone.run(_ENDLESS_WRITES)
        phone.wait(lambda: phone.js("return window.chainCommits") >= 1 + attempt % 2, "the chain of writes running")
        phone.get(phone_server.url + going_to)
        phone.shown(".topbar-sync")  # home and the tabs draw from the storage
        assert phone.run(_WRITE_WITHIN_5_S) == "written", f"going to {going_to}: {phone.page_health()}"
