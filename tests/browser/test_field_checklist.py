"""The checklist on the phone: the compact list, number answers, a hazard fixed on the spot, the language."""
import time

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Answer
from safety.photos.models import Photo
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, field_world, finish_and_submit, idb_all,
                                         inspect_in_list_view, jpeg_file, open_enterprise_by_search, sign_in,
                                         start_inspection, tr, wait_for_sync)


def _until_draft_holds(page, condition) -> None:
    """Until the phone's one draft on disk has answers meeting ``condition``."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not any(condition(draft.get("answers") or {}) for draft in idb_all(page, "drafts")):
        assert time.monotonic() < deadline, "the draft on disk never held the answers"
        page.wait_for_timeout(100)


def test_list_view_with_a_number_item_and_a_hazard_fixed_on_the_spot(live_server, page, tmp_path):
    world = field_world(items=3)
    world["template"].versions[0].sections[0].items[1].kind = "number"
    db.session.commit()
    cards = inspect_in_list_view(page, live_server.url, 3)

    cards.nth(0).get_by_role("button", name=tr("Fail"), exact=True).click()
    sheet = page.locator("dialog[open]")
    expect(sheet.get_by_label(tr("Description of the hazard"))).to_have_value("检查项1")
    sheet.get_by_label(tr("Rectified on the spot")).check()
    expect(sheet.get_by_label(tr("Responsible person"))).to_be_hidden()
    add_photo(page, sheet.locator('.photo-strip[data-purpose="answer"]'), jpeg_file(tmp_path, "before.jpg"), 1)
    add_photo(page, sheet.locator('.photo-strip[data-purpose="rectification"]'),
              jpeg_file(tmp_path, "after.jpg", (20, 160, 60)), 1)
    sheet.get_by_role("button", name=tr("Done")).click()
    cards.nth(1).get_by_label(tr("Value")).fill("3.5")
    cards.nth(2).get_by_role("button", name=tr("Pass"), exact=True).click()
    # Written as the pass is (the tap flushes the typing): once the draft holds both, a reload must show them.
    # Reloading while that write is still in flight would drop it with the page, as a browser does.
    _until_draft_holds(page, lambda answers: any(answer.get("value") == "3.5" for answer in answers.values())
                       and any(answer.get("result") == "pass" for answer in answers.values()))

    page.reload()  # the typed number and the layout are on disk too
    expect(cards).to_have_count(3, timeout=TIMEOUT_MS)
    expect(cards.nth(1).get_by_label(tr("Value"))).to_have_value("3.5")
    expect(cards.nth(0).locator(".hazard-summary")).to_contain_text(tr("Rectified on the spot"))

    finish_and_submit(page)
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    db.session.expire_all()
    hazard = db.session.scalar(select(Hazard))
    assert (hazard.mode, hazard.status, hazard.description) == ("on_the_spot", "closed", "检查项1")
    assert db.session.scalar(select(Answer.value).where(Answer.value.is_not(None))) == "3.5"
    # The item's photo is the hazard's evidence too: one photo, stored once.
    purposes = sorted(db.session.scalars(select(Photo.purpose)))
    assert len(purposes) == 4
    assert {"rectification", "inspector_signature", "representative_signature"} <= set(purposes)


def test_language_switch_to_english_is_kept_on_the_phone(live_server, page):
    field_world()
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    page.locator(".tabbar").get_by_role("link", name=tr("Settings")).click()
    page.get_by_label("English").check()
    expect(page.locator(".tabbar").get_by_role("link", name="Home")).to_be_visible()
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=TIMEOUT_MS)
    expect(page.locator(".tabbar").get_by_role("link", name="Outbox")).to_be_visible()
    page.get_by_label("中文").check()
    expect(page.locator(".tabbar").get_by_role("link", name=tr("Home"))).to_be_visible()


def test_an_inspection_started_by_mistake_can_be_discarded(live_server, page, tmp_path):
    field_world(items=1)
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    add_photo(page, page.locator(".item-card .photo-strip"), jpeg_file(tmp_path, "mistake.jpg"), 1)
    page.get_by_role("link", name=tr("Finish inspection")).click()
    page.get_by_role("button", name=tr("Discard this inspection")).click()
    page.get_by_role("button", name=tr("Discard"), exact=True).click()
    expect(page.get_by_text(tr("None. Scan or search an enterprise to start one."))).to_be_visible(timeout=TIMEOUT_MS)
    assert idb_all(page, "drafts") == [] and idb_all(page, "photos") == []
