"""The look-back list on the phone (回头看): hazards with their evidence offline, re-checked offline, synced once."""
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.photos.models import Photo
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, field_world, go_offline_and_reload, hazard_row,
                                         hazard_with_evidence, idb_all, images_loaded, jpeg_file,
                                         open_enterprise_by_search, sign_in, sync_now, thumbs_ready, tr, wait_for_count,
                                         wait_for_sync, wait_for_worker)
from tests.factories import make_hazard, make_user


def _events(hazard: Hazard, event_type: str) -> list[HazardEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id,
                                                             HazardEvent.type == event_type)))


def _offline_at_the_enterprise(live_server, page, thumbs: int) -> None:
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    thumbs_ready(page, thumbs)
    go_offline_and_reload(page)
    open_enterprise_by_search(page, "宏达机械有限公司")


def _sheet(page):
    sheet = page.locator("dialog.recheck-sheet[open]")
    expect(sheet).to_be_visible()
    return sheet


def test_passed_recheck_offline_closes_a_general_hazard_with_one_sync(live_server, page, tmp_path):
    world = field_world()
    overdue, evidence = hazard_with_evidence(world["enterprise"], world["inspector"], description="配电箱前堆放杂物",
                                             deadline=date.today() - timedelta(days=3))
    major, _ = hazard_with_evidence(world["enterprise"], world["inspector"], description="液氨储罐区未设置泄漏报警",
                                    level="major", deadline=date.today() + timedelta(days=20))
    db.session.commit()

    _offline_at_the_enterprise(live_server, page, thumbs=2)
    # The look-back list comes first, before starting an inspection; overdue on top, the major hazard marked.
    lookback = page.locator("#lookback")
    expect(lookback.locator(".hazard-row")).to_have_count(2, timeout=TIMEOUT_MS)
    assert lookback.evaluate("(list) => list.compareDocumentPosition(document.querySelector('.start-inspection'))"
                             " & Node.DOCUMENT_POSITION_FOLLOWING")
    assert lookback.locator(".hazard-row").first.get_attribute("data-uuid") == overdue.uuid
    expect(hazard_row(page, overdue.uuid)).to_have_attribute("data-overdue", "true")
    expect(hazard_row(page, major.uuid).locator(".major-badge")).to_have_text(tr("Major hazard"))
    # Thumbnails from the phone's own storage: the network is off.
    row = hazard_row(page, overdue.uuid)
    expect(row.locator(".evidence img")).to_have_count(1)
    page.wait_for_function("() => [...document.querySelectorAll('.evidence img')].every((i) => i.complete)")
    assert images_loaded(page.locator(".evidence img"))
    assert row.locator(".evidence img").get_attribute("src").startswith("blob:")

    row.get_by_role("button", name=tr("Re-check: passed")).click()
    sheet = _sheet(page)
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet.locator(".problems")).to_contain_text(tr("A passed re-check needs at least one photo."))
    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "fixed.jpg", (60, 160, 60)), 1)
    sheet.get_by_label(tr("Note")).fill("杂物已清理，通道畅通")
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet).to_be_hidden()
    expect(row.locator(".waiting")).to_have_text(tr("Re-check passed — waiting to send"))
    expect(row.get_by_role("button", name=tr("Re-check: passed"))).to_have_count(0)

    [record] = idb_all(page, "outbox")
    assert (record["type"], record["hazard_uuid"]) == ("hazard_event", overdue.uuid)
    assert record["document"]["type"] == "recheck_passed" and len(record["document"]["photos"]) == 1
    [phone_photo] = idb_all(page, "photos")
    assert phone_photo["uuid"] == record["document"]["photos"][0] and phone_photo["blob"]["type"] == "image/jpeg"
    page.goto(f"{live_server.url}/app/outbox")
    expect(page.locator(f'.record-event[data-uuid="{record["uuid"]}"]')).to_contain_text("配电箱前堆放杂物")
    assert _events(overdue, "recheck_passed") == []

    page.context.set_offline(False)
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_sync(page)
    sync_now(page)

    [event] = _events(overdue, "recheck_passed")
    assert event.uuid == record["uuid"] and event.applied and event.note == "杂物已清理，通道畅通"
    stored = db.session.scalar(select(Photo).where(Photo.uuid == phone_photo["uuid"]))
    assert stored.sha256 == phone_photo["sha256"] and stored.hazard_event_id == event.id
    db.session.refresh(overdue)
    assert overdue.status == "closed" and overdue.closed_at is not None
    # The closed hazard left the phone with its thumbnail; the other stays.
    assert {h["uuid"] for h in idb_all(page, "hazards")} == {major.uuid}
    assert {t["hazard_uuid"] for t in idb_all(page, "thumbs")} == {major.uuid}
    assert idb_all(page, "photos") == []
    assert evidence.uuid not in {t["uuid"] for t in idb_all(page, "thumbs")}


def test_failed_recheck_offline_keeps_the_hazard_open_with_its_new_deadline(live_server, page, tmp_path):
    world = field_world()
    hazard, _ = hazard_with_evidence(world["enterprise"], world["inspector"], description="灭火器压力不足",
                                     status="rectified", deadline=date.today() + timedelta(days=1))
    db.session.commit()
    new_deadline = date.today() + timedelta(days=10)

    _offline_at_the_enterprise(live_server, page, thumbs=1)
    row = hazard_row(page, hazard.uuid)
    row.get_by_role("button", name=tr("Re-check: failed")).click()
    sheet = _sheet(page)
    sheet.get_by_label(tr("New deadline")).fill((date.today() - timedelta(days=1)).isoformat())
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet.locator(".problems")).to_contain_text(tr("The new deadline cannot be in the past."))
    sheet.get_by_label(tr("New deadline")).fill("")
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet.locator(".problems")).to_contain_text(tr("A failed re-check needs a new deadline."))
    assert idb_all(page, "outbox") == []

    sheet.get_by_label(tr("New deadline")).fill(new_deadline.isoformat())
    sheet.get_by_label(tr("Note")).fill("压力表仍在红区，未更换")
    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "still.jpg"), 1)
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet).to_be_hidden()
    expect(row.locator(".waiting")).to_have_attribute("data-event-type", "recheck_failed")
    [record] = idb_all(page, "outbox")
    assert record["document"]["new_deadline"] == new_deadline.isoformat()

    page.context.set_offline(False)
    wait_for_count(page, "outbox", 0)
    wait_for_sync(page)
    [event] = _events(hazard, "recheck_failed")
    assert event.applied and event.new_deadline == new_deadline
    db.session.refresh(hazard)
    assert (hazard.status, hazard.deadline, hazard.failed_recheck_count) == ("open", new_deadline, 1)
    # The pull brought it back with its new deadline: no longer waiting, re-checkable again.
    expect(row.locator(".waiting")).to_have_count(0, timeout=TIMEOUT_MS)
    expect(row).to_have_attribute("data-status", "open")
    [phone_hazard] = [h for h in idb_all(page, "hazards") if h["uuid"] == hazard.uuid]
    assert phone_hazard["deadline"] == new_deadline.isoformat() and phone_hazard["failed_recheck_count"] == 1


def test_recheck_of_a_hazard_closed_meanwhile_is_stored_and_shown_as_not_applied(live_server, page, tmp_path):
    from safety.common.types import utcnow
    from safety.hazards.lifecycle import apply_event

    world = field_world()
    hazard, _ = hazard_with_evidence(world["enterprise"], world["inspector"], description="消防通道被占用")
    colleague = make_user("inspector", username="zhao.inspector", grids=[world["grid"]], display_name="赵检查")
    db.session.commit()

    _offline_at_the_enterprise(live_server, page, thumbs=1)
    row = hazard_row(page, hazard.uuid)
    row.get_by_role("button", name=tr("Re-check: passed")).click()
    sheet = _sheet(page)
    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "ok.jpg"), 1)
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(row.locator(".waiting")).to_be_visible()

    # A colleague re-checked it first and the hazard is closed before this phone comes back.
    db.session.refresh(hazard)
    apply_event(hazard, "recheck_passed", colleague, "inspector", utcnow())
    db.session.commit()

    page.context.set_offline(False)
    wait_for_count(page, "outbox", 0)
    wait_for_sync(page)
    [mine, theirs] = sorted(_events(hazard, "recheck_passed"), key=lambda e: e.actor_id != world["inspector"].id)
    assert mine.actor_id == world["inspector"].id and not mine.applied and mine.reason
    assert theirs.applied
    # The reason as the server words it for this phone.
    detail = page.evaluate("(uuid) => fetch(`/api/v1/hazards/${uuid}`).then((response) => response.json())",
                           hazard.uuid)
    [reason] = [event["reason"] for event in detail["events"] if event["uuid"] == mine.uuid]
    assert reason
    # Not silently dropped: the enterprise screen, the outbox and the home screen say so, with that reason.
    notice = page.locator("#lookback .not-applied")
    expect(notice).to_contain_text(reason, timeout=TIMEOUT_MS)
    expect(page.locator(".hazard-row")).to_have_count(0)
    page.goto(f"{live_server.url}/app/")
    expect(page.locator(".not-applied-home .notice")).to_be_visible(timeout=TIMEOUT_MS)
    page.goto(f"{live_server.url}/app/outbox")
    sent = page.locator(f'.sent-event[data-uuid="{mine.uuid}"]')
    expect(sent).to_contain_text(reason)
    # Once read, it stops calling for attention elsewhere; the outbox keeps the record of it.
    sent.get_by_role("button", name=tr("Understood")).click()
    expect(sent.get_by_role("button")).to_have_count(0)
    page.goto(f"{live_server.url}/app/")
    expect(page.locator(".due-list")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".not-applied-home .notice")).to_have_count(0)


def test_a_lookback_visit_is_recorded_as_an_inspection_of_kind_lookback(live_server, page):
    world = field_world()
    make_hazard(world["enterprise"])
    db.session.commit()
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    kind = page.locator('.start-inspection input[name="kind"]:checked')
    expect(kind).to_have_value("routine")
    page.get_by_role("button", name=tr("Record this visit as a look-back inspection")).click()
    expect(kind).to_have_value("lookback")
    page.get_by_role("button", name=tr("Start inspection")).click()
    expect(page.locator(".item-card")).to_be_visible()
    [draft] = idb_all(page, "drafts")
    assert draft["kind"] == "lookback" and draft["enterprise_code"] == world["enterprise"].code


def test_due_this_week_lists_open_and_rectified_hazards_in_scope_nearest_to_today_first(live_server, page):
    world = field_world()
    today = date.today()
    here = world["enterprise"]
    overdue = make_hazard(here, description="逾期隐患", deadline=today - timedelta(days=4))
    rectified = make_hazard(here, description="已整改待复查", status="rectified", deadline=today + timedelta(days=2))
    last_day = make_hazard(here, description="第七天到期", deadline=today + timedelta(days=7))
    make_hazard(here, description="第八天到期", deadline=today + timedelta(days=8))
    make_hazard(here, description="待验收", level="major", status="pending_verification", deadline=today)
    make_hazard(here, description="已销号", status="closed", deadline=today)
    make_hazard(here, description="没有期限", deadline=None)
    make_hazard(world["other_enterprise"], description="别的网格", deadline=today)
    db.session.commit()

    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    card = page.locator(".due-list")
    expect(card.locator(".due-row")).to_have_count(3, timeout=TIMEOUT_MS)
    assert card.locator(".due-row").evaluate_all("(rows) => rows.map((row) => row.dataset.uuid)") == [
        rectified.uuid, overdue.uuid, last_day.uuid]  # two days ahead, four days late, seven days ahead
    expect(card.locator(f'.due-row[data-uuid="{overdue.uuid}"].overdue')).to_be_visible()
    card.locator(f'.due-row[data-uuid="{rectified.uuid}"] a').click()
    expect(page).to_have_url(f"{live_server.url}/app/enterprise/{here.code}")
    expect(hazard_row(page, rectified.uuid)).to_be_visible()


def test_home_shows_the_inspection_in_progress_first_and_old_overdue_rechecks_last(live_server, page):
    world = field_world()
    today = date.today()
    here = world["enterprise"]
    months_late = make_hazard(here, description="三个月前逾期", deadline=today - timedelta(days=90))
    days_late = make_hazard(here, description="两天前逾期", deadline=today - timedelta(days=2))
    due_today = make_hazard(here, description="今天到期", deadline=today)
    due_soon = make_hazard(here, description="五天后到期", deadline=today + timedelta(days=5))
    major_same_day = make_hazard(here, description="重大，五天后到期", level="major", deadline=today + timedelta(days=5))
    db.session.commit()

    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    page.get_by_role("button", name=tr("Start inspection")).click()
    expect(page.locator(".item-card")).to_be_visible()
    page.goto(live_server.url + "/app/")

    draft = page.locator(".drafts .draft-link")
    expect(draft).to_contain_text("宏达机械有限公司", timeout=TIMEOUT_MS)
    rows = page.locator(".due-list .due-row")
    expect(rows).to_have_count(5)
    assert draft.bounding_box()["y"] < page.locator(".due-list").bounding_box()["y"]
    assert rows.evaluate_all("(rows) => rows.map((row) => row.dataset.uuid)") == [
        due_today.uuid, days_late.uuid, major_same_day.uuid, due_soon.uuid, months_late.uuid]


def test_a_refused_recheck_stays_in_the_outbox_with_the_servers_message_until_sent_again(live_server, page, tmp_path):
    world = field_world()
    hazard, _ = hazard_with_evidence(world["enterprise"], world["inspector"], description="消防水池水位不足")
    db.session.commit()

    _offline_at_the_enterprise(live_server, page, thumbs=1)
    hazard_row(page, hazard.uuid).get_by_role("button", name=tr("Re-check: passed")).click()
    sheet = _sheet(page)
    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "water.jpg"), 1)
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet).to_be_hidden()

    # Meanwhile the enterprise moved to another grid: the server refuses the event (403), nothing is applied.
    enterprise = world["enterprise"]
    enterprise.grid = world["other_enterprise"].grid
    db.session.commit()
    page.goto(f"{live_server.url}/app/outbox")
    page.context.set_offline(False)
    record = page.locator(".record-event")
    expect(record).to_have_attribute("data-status", "needs_attention", timeout=TIMEOUT_MS)
    [stored] = idb_all(page, "outbox")
    assert stored["error"]["status"] == 403 and stored["error"]["message"]
    expect(record.locator(".record-error")).to_have_text(stored["error"]["message"])
    assert _events(hazard, "recheck_passed") == []
    assert len(idb_all(page, "photos")) == 1

    # Back in the inspector's grid: sent again by hand, stored once, and the record leaves the phone.
    enterprise.grid = world["grid"]
    db.session.commit()
    record.get_by_role("button", name=tr("Send again")).click()
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    [event] = _events(hazard, "recheck_passed")
    assert event.uuid == stored["uuid"] and event.applied
    assert idb_all(page, "photos") == []


def test_evidence_thumbnails_on_the_phone_are_bounded_per_hazard(live_server, page):
    from tests.factories import make_photo

    world = field_world()
    hazard = make_hazard(world["enterprise"], found_by_id=world["inspector"].id)
    photos = [make_photo(world["inspector"], hazard_id=hazard.id, purpose="hazard") for _ in range(6)]
    db.session.commit()

    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    stored = idb_all(page, "thumbs")
    # At most four per hazard, the first four of its evidence, each a real JPEG thumbnail.
    assert len(stored) == 4
    assert {thumb["uuid"] for thumb in stored} == {photo.uuid for photo in photos[:4]}
    assert all(thumb["hazard_uuid"] == hazard.uuid and thumb["blob"]["type"] == "image/jpeg"
               and thumb["blob"]["size"] == thumb["size"] > 0 for thumb in stored)
