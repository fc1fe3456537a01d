"""A whole inspection on the phone with no network, then one sync: the server holds exactly one copy."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, answer_current, field_world, fill_hazard, idb_all,
                                         jpeg_file, open_enterprise_by_search, sign_in, sign_pad, start_inspection,
                                         sync_now, tr, wait_for_sync, wait_for_worker)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_inspection_recorded_offline_survives_a_reload_and_syncs_exactly_once(live_server, page, tmp_path):
    field_world(items=3)
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    page.context.set_offline(True)
    page.reload()

    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    answer_current(page, "Pass")
    add_photo(page, page.locator(".item-card .photo-strip"), jpeg_file(tmp_path, "ok.jpg"), 1)
    page.get_by_role("button", name=tr("Next item")).click()
    answer_current(page, "Fail")
    fill_hazard(page, tmp_path)

    # A reload (or a crash) in the middle: the draft is on disk, at the item the inspector was on.
    page.reload()
    expect(page.locator(".item-card")).to_have_attribute("data-state", "fail", timeout=TIMEOUT_MS)
    expect(page.locator(".item-card .photo-strip .thumb")).to_have_count(1)
    expect(page.locator(".hazard-summary")).to_contain_text(tr("Major hazard"))

    page.get_by_role("button", name=tr("Next item")).click()
    answer_current(page, "Not applicable")
    page.get_by_role("link", name=tr("Finish inspection")).click()
    expect(page.get_by_role("heading", name=tr("All items answered"))).to_be_visible()
    page.get_by_label(tr("Name of the enterprise representative")).fill("王厂长")
    sign_pad(page, "signature-inspector")
    sign_pad(page, "signature-representative")
    page.get_by_role("button", name=tr("Submit")).click()

    expect(page.locator(".record")).to_have_count(1, timeout=TIMEOUT_MS)
    [record] = idb_all(page, "outbox")
    phone_photos = {photo["uuid"]: photo["sha256"] for photo in idb_all(page, "photos")}
    assert len(phone_photos) == 4  # two photos and two signatures
    assert set(record["photos"]) == set(phone_photos)
    assert _count(Inspection) == 0

    page.context.set_offline(False)  # the `online` event starts the sync
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_sync(page)
    assert idb_all(page, "outbox") == [] and idb_all(page, "photos") == [] and idb_all(page, "drafts") == []

    # Once more, by hand: nothing is sent twice.
    sync_now(page)
    inspection = db.session.scalar(select(Inspection))
    assert _count(Inspection) == 1
    assert inspection.uuid == record["uuid"]
    assert inspection.identified_by == "manual"
    assert inspection.representative_name == "王厂长"
    assert _count(Answer) == 3
    hazard = db.session.scalar(select(Hazard))
    assert _count(Hazard) == 1
    assert (hazard.level, hazard.mode, hazard.responsible_person) == ("major", "deadline", "王厂长")
    assert hazard.inspection_id == inspection.id
    stored = {photo.uuid: photo for photo in db.session.scalars(select(Photo))}
    assert {uuid: photo.sha256 for uuid, photo in stored.items()} == phone_photos
    assert max(max(photo.width, photo.height) for photo in stored.values()) <= 1600
