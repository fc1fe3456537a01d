"""A hazard event the server refuses for the sender's role (403, nothing stored) stays on the phone with the
server's reason until its user deletes it, deliberately and after a confirmation: never by itself."""
from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import HazardEvent
from safety.photos.models import Photo
from safety.users.operations import update_user
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, field_world, go_offline_and_reload, hazard_row,
                                         hazard_with_evidence, idb_all, jpeg_file, open_enterprise_by_search, sign_in,
                                         sync_now, thumbs_ready, tr, wait_for_count, wait_for_sync, wait_for_worker)
from tests.factories import make_user

REFUSAL = "“企业”角色的账号无权登记“复查合格”。该事件已被拒绝，服务器未保存任何内容。"


def _events_of(hazard) -> list[HazardEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id)))


def test_a_recheck_refused_for_the_role_is_kept_with_the_reason_until_deleted_deliberately(live_server, page,
                                                                                          tmp_path):
    world = field_world()
    hazard, _ = hazard_with_evidence(world["enterprise"], world["inspector"], description="安全出口被货物堵塞",
                                     status="rectified")
    admin = make_user("admin", username="root", display_name="管理员")
    db.session.commit()

    # The inspector re-checks the hazard offline at the enterprise: passed, with a photo.
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    thumbs_ready(page, 1)
    go_offline_and_reload(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    hazard_row(page, hazard.uuid).get_by_role("button", name=tr("Re-check: passed")).click()
    sheet = page.locator("dialog.recheck-sheet[open]")
    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "exit.jpg", (90, 160, 60)), 1)
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet).to_be_hidden()
    [queued] = idb_all(page, "outbox")
    [photo_uuid] = queued["document"]["photos"]

    # Before the phone is back online, the office makes this account the enterprise's own (a staff member who
    # moved to the enterprise, say): from now on it may report rectification but never re-check.
    update_user(world["inspector"], admin, "李检查", None, "enterprise", enterprise_code=world["enterprise"].code)
    db.session.commit()

    page.goto(f"{live_server.url}/app/outbox")
    page.context.set_offline(False)
    record = page.locator(f'.record-event[data-uuid="{queued["uuid"]}"]')
    expect(record).to_have_attribute("data-status", "needs_attention", timeout=TIMEOUT_MS)
    # Kept, with the server's own words, and its photo still on the phone.
    expect(record.locator(".record-error")).to_have_text(REFUSAL)
    [kept] = idb_all(page, "outbox")
    assert (kept["error"]["status"], kept["error"]["code"]) == (403, "role_may_not_record")
    assert [photo["uuid"] for photo in idb_all(page, "photos")] == [photo_uuid]
    # The server stored nothing: no event, and the uploaded photo is evidence of nothing.
    assert [event.type for event in _events_of(hazard)] == []
    stored = db.session.scalar(select(Photo).where(Photo.uuid == photo_uuid))
    assert (stored.purpose, stored.hazard_id, stored.hazard_event_id) == (None, None, None)

    # Another sync leaves it where it is: a refused record is neither resent nor dropped by itself.
    sync_now(page)
    expect(record).to_have_attribute("data-status", "needs_attention")
    assert len(idb_all(page, "outbox")) == 1 and _events_of(hazard) == []

    # Deleting asks first; cancelling keeps it.
    record.get_by_role("button", name=tr("Delete…")).click()
    warning = record.locator(".sign-out-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(tr(
        "Delete this record with its photos from the phone? The server has not stored it. This cannot be undone."))
    warning.get_by_role("button", name=tr("Cancel")).click()
    expect(warning).to_be_hidden()
    assert len(idb_all(page, "outbox")) == 1

    record.get_by_role("button", name=tr("Delete…")).click()
    warning.get_by_role("button", name=tr("Delete"), exact=True).click()
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_count(page, "outbox", 0)
    assert idb_all(page, "photos") == []
    assert _events_of(hazard) == []
