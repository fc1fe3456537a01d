"""The enterprise's own account in the field app: its hazards, and reporting a rectification offline."""
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import HazardEvent
from safety.photos.models import Photo
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, field_world, go_offline_and_reload, hazard_row,
                                         hazard_with_evidence, idb_all, images_loaded, jpeg_file, sign_in, sign_pad,
                                         thumbs_ready, tr, wait_for_count, wait_for_sync, wait_for_worker)
from tests.factories import make_hazard, make_user


def _enterprise_world():
    world = field_world()
    contact = make_user("enterprise", username="hongda", enterprise=world["enterprise"], display_name="王厂长")
    overdue, evidence = hazard_with_evidence(world["enterprise"], world["inspector"], description="配电箱前堆放杂物",
                                             responsible_person="王厂长", measures="清理配电箱前杂物，划定禁放区",
                                             deadline=date.today() - timedelta(days=2))
    later = make_hazard(world["enterprise"], description="应急照明灯不亮", deadline=date.today() + timedelta(days=9))
    rectified = make_hazard(world["enterprise"], description="安全出口标志缺失", status="rectified")
    make_hazard(world["other_enterprise"], description="别家企业的隐患")
    db.session.commit()
    return {**world, "contact": contact, "overdue": overdue, "evidence": evidence, "later": later,
            "rectified": rectified}


def test_enterprise_sees_its_own_hazards_and_cannot_inspect_or_recheck(live_server, page):
    world = _enterprise_world()
    sign_in(page, live_server.url, "hongda")
    wait_for_sync(page)
    thumbs_ready(page, 1)
    rows = page.locator("#our-hazards .hazard-row")
    expect(rows).to_have_count(3, timeout=TIMEOUT_MS)
    assert rows.evaluate_all("(rows) => rows.map((row) => row.dataset.uuid)") == [
        world["overdue"].uuid, world["later"].uuid, world["rectified"].uuid]
    overdue = hazard_row(page, world["overdue"].uuid)
    expect(overdue).to_have_attribute("data-overdue", "true")
    expect(overdue.locator(".hazard-facts")).to_contain_text("清理配电箱前杂物，划定禁放区")
    expect(overdue.locator(".hazard-facts")).to_contain_text("王厂长")
    page.wait_for_function("() => [...document.querySelectorAll('.evidence img')].every((i) => i.complete)")
    assert images_loaded(overdue.locator(".evidence img"))
    # Only open hazards take a report; nothing closes or re-checks, and there is no scanner or inspection.
    expect(page.get_by_role("button", name=tr("Report rectification"))).to_have_count(2)
    expect(hazard_row(page, world["rectified"].uuid).get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("button", name=tr("Re-check: passed"))).to_have_count(0)
    expect(page.get_by_role("button", name=tr("Re-check: failed"))).to_have_count(0)
    expect(page.locator(".tabbar a")).to_have_count(3)
    expect(page.locator('.tabbar a[href="/app/scan"]')).to_have_count(0)
    for path in ("/app/scan", f"/app/enterprise/{world['enterprise'].code}", f"/e/{world['enterprise'].code}"):
        page.goto(live_server.url + path)
        expect(page.locator("#our-hazards .hazard-row")).to_have_count(3, timeout=TIMEOUT_MS)
        expect(page.get_by_role("button", name=tr("Start inspection"))).to_have_count(0)
        expect(page.locator("video")).to_have_count(0)


def test_enterprise_reports_rectification_offline_with_photo_and_signature(live_server, page, tmp_path):
    world = _enterprise_world()
    hazard = world["overdue"]
    sign_in(page, live_server.url, "hongda")
    wait_for_sync(page)
    wait_for_worker(page)
    thumbs_ready(page, 1)
    go_offline_and_reload(page)

    row = hazard_row(page, hazard.uuid)
    row.get_by_role("button", name=tr("Report rectification")).click()
    sheet = page.locator("dialog.rectify-sheet[open]")
    expect(sheet).to_be_visible()
    sheet.get_by_label(tr("Rectified by"), exact=True).fill("")
    sheet.get_by_role("button", name=tr("Send report")).click()
    problems = sheet.locator(".problems")
    expect(problems).to_contain_text(tr("A rectification report needs at least one photo of the fix."))
    expect(problems).to_contain_text(tr("Enter who rectified the hazard."))
    expect(problems).to_contain_text(tr("The person who rectified has not signed."))

    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "fixed.jpg", (50, 150, 70)), 1)
    sheet.get_by_label(tr("What was done")).fill("杂物已清运，地面划黄线禁放区")
    sheet.get_by_label(tr("Rectified by"), exact=True).fill("王师傅")
    sign_pad(page, "signature-rectifier")
    sheet.get_by_role("button", name=tr("Send report")).click()
    expect(sheet).to_be_hidden()
    expect(row.locator(".waiting")).to_have_text(tr("Rectification reported — waiting to send"))
    expect(row.get_by_role("button", name=tr("Report rectification"))).to_have_count(0)
    [record] = idb_all(page, "outbox")
    document = record["document"]
    assert document["type"] == "rectification_reported" and document["signed_by"] == "王师傅"
    assert len(document["photos"]) == 1 and document["signature"]
    assert sorted(record["photos"]) == sorted(document["photos"] + [document["signature"]])
    phone_photos = {photo["uuid"]: photo for photo in idb_all(page, "photos")}
    assert phone_photos[document["signature"]]["blob"]["type"] == "image/png"
    # The outbox counts the photo and the signature apart.
    page.goto(live_server.url + "/app/outbox")
    progress = page.locator(f'.record-event[data-uuid="{record["uuid"]}"] .upload-progress')
    expect(progress).to_contain_text(tr("photos sent %(sent)s of %(total)s", sent=0, total=1), timeout=TIMEOUT_MS)
    expect(progress).to_contain_text(tr("signatures sent %(sent)s of %(total)s", sent=0, total=1))
    page.go_back()
    expect(row.locator(".waiting")).to_have_text(tr("Rectification reported — waiting to send"))

    page.context.set_offline(False)
    wait_for_count(page, "outbox", 0)
    wait_for_sync(page)
    db.session.expire_all()
    [event] = db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id,
                                                           HazardEvent.type == "rectification_reported"))
    assert event.uuid == record["uuid"] and event.applied
    assert (event.actor_id, event.role) == (world["contact"].id, "enterprise")
    assert event.signed_by == "王师傅" and event.note == "杂物已清运，地面划黄线禁放区"
    photos = {photo.uuid: photo for photo in db.session.scalars(select(Photo).where(Photo.uuid.in_(record["photos"])))}
    assert set(photos) == set(record["photos"])
    assert photos[document["photos"][0]].hazard_event_id == event.id
    assert photos[document["photos"][0]].sha256 == phone_photos[document["photos"][0]]["sha256"]
    db.session.refresh(hazard)
    assert hazard.status == "rectified"
    # The pull shows it as rectified, awaiting the inspector's re-check: no button any more.
    expect(row).to_have_attribute("data-status", "rectified", timeout=TIMEOUT_MS)
    expect(row.get_by_role("button")).to_have_count(0)


def test_enterprise_keeps_its_documents_on_the_phone(live_server, page):
    """The order the office issued to the enterprise is listed with its number, type and date, and its PDF opens
    from the phone with no network."""
    from safety.documents.operations import issue_rectification_order
    from tests.factories import make_inspection

    world = _enterprise_world()
    inspection = make_inspection(world["enterprise"], world["inspector"], world["template"].versions[0])
    world["later"].inspection_id = inspection.id
    chief = make_user("supervisor", username="chief")
    order, _created = issue_rectification_order(chief, inspection)
    db.session.commit()
    sign_in(page, live_server.url, "hongda")
    wait_for_sync(page)
    wait_for_worker(page)
    item = page.locator(f'.our-documents li[data-document="{order.id}"]')
    expect(item).to_have_attribute("data-offline", "true", timeout=TIMEOUT_MS)
    go_offline_and_reload(page)
    expect(item.locator(".document-number")).to_have_text(order.reference)
    expect(item).to_contain_text(tr("Order to rectify by a deadline"))
    link = item.locator("a.document-pdf")
    expect(link).to_have_text(tr("PDF (on this phone)"))
    assert link.get_attribute("href").startswith("blob:")
    # The file the link is made from, as the app reads it (the browser's offline emulation refuses even blob: fetches).
    pdf = page.evaluate("""async (id) => {
        const file = await (await import('/static/js/store/pulled.js')).getDocumentFile(id);
        return { type: file.blob.type, head: await file.blob.slice(0, 5).text(), sha256: file.sha256 };
    }""", order.id)
    assert pdf == {"type": "application/pdf", "head": "%PDF-", "sha256": order.sha256}
