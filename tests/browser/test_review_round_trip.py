"""The review round trip: an inspector's phone submits, a supervisor returns it with a comment, the phone shows
the comment after a sync, the inspector amends and resubmits, the supervisor approves the revision."""
import os

from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from tests.browser.conftest import PHONE
from tests.browser.field_helpers import (TIMEOUT_MS, field_world, one_item_inspection, sign_in, sync_now, tr,
                                         wait_for_sync)
from tests.factories import DEFAULT_PASSWORD, make_user

SHOTS = os.environ.get("REVIEW_SHOTS", "")  # a folder for screenshots of the pages, when set
DESKTOP = {"width": 1280, "height": 800}
COMMENT = "灭火器压力表照片不清楚，请补拍"


def _shot(page, name: str, **options) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name), **options)


def _office_sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()


def _sync(phone) -> None:
    phone.goto(phone.url.split("/app/")[0] + "/app/outbox")
    sync_now(phone)


def _inspections() -> list[Inspection]:
    db.session.expire_all()
    return list(db.session.scalars(select(Inspection).order_by(Inspection.id)))


def test_returned_amended_and_approved(live_server, page, browser, tmp_path):
    field_world(items=1)
    make_user("supervisor", username="chief", locale="en", display_name="王主任")
    db.session.commit()

    # The inspector submits from the phone.
    phone = page
    sign_in(phone, live_server.url, "li.inspector")
    wait_for_sync(phone)
    one_item_inspection(phone, tmp_path, photos=1)
    expect(phone.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    [first] = _inspections()
    photos_before = db.session.scalar(select(func.count(Photo.id)))

    # The supervisor returns it from the back office, on a desktop.
    office_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    office = office_context.new_page()
    _office_sign_in(office, live_server.url, "chief")
    office.goto(live_server.url + "/review/")
    rows = office.locator("tr.review-row")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="宏达机械有限公司").click()
    expect(office.locator(".review-state")).to_have_text("Awaiting review")
    gallery = office.locator(".gallery-item")
    expect(gallery).to_have_count(1)
    expect(gallery.first).to_have_attribute("data-check", "match")
    expect(gallery.first.locator("img")).to_have_attribute("loading", "lazy")
    office.wait_for_function("() => [...document.querySelectorAll('.gallery img')].every((img) => img.complete)")
    _shot(office, "review-desktop.png", full_page=True)
    gallery.first.locator("a.gallery-thumb").click()  # full size, in the page
    expect(office.locator("dialog.lightbox")).to_be_visible()
    office.wait_for_function("() => document.querySelector('.lightbox-image').complete")
    _shot(office, "review-lightbox-desktop.png")
    office.get_by_role("button", name="Close").click()
    expect(office.locator("dialog.lightbox")).to_be_hidden()
    office.set_viewport_size(PHONE)
    _shot(office, "review-phone.png", full_page=True)
    assert office.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    office.set_viewport_size(DESKTOP)

    office.get_by_label("What should be amended").fill(COMMENT)
    office.get_by_role("button", name="Return to the inspector").click()
    # None is left to review: back to the queue, which says so.
    expect(office.locator(".flash-info")).to_have_text("No inspection awaits review any more.")
    assert office.url.endswith("/review/")
    office.goto(live_server.url + f"/review/{first.uuid}")
    expect(office.locator(".review-state")).to_have_text("Returned")
    assert _inspections()[0].review_state == "returned"

    # The phone learns it with its next sync and shows the comment.
    _sync(phone)
    phone.goto(live_server.url + "/app/")
    card = phone.locator(".returned-card")
    expect(card).to_be_visible(timeout=TIMEOUT_MS)
    expect(card.locator(".review-comment")).to_have_text(tr("Returned: %(comment)s", comment=COMMENT))
    card.scroll_into_view_if_needed()
    _shot(phone, "returned-card-phone.png")
    phone.goto(live_server.url + "/app/outbox")
    expect(phone.locator(f'.sent-row[data-uuid="{first.uuid}"] .review-comment')).to_contain_text(COMMENT)

    # Amend and resubmit: a draft pre-filled from what was sent, photos and signatures carried over.
    phone.goto(live_server.url + "/app/")
    card.get_by_role("button", name=tr("Amend and resubmit")).click()
    expect(phone.locator(".item-card")).to_be_visible(timeout=TIMEOUT_MS)
    expect(phone.locator(".item-card")).to_have_attribute("data-state", "pass")
    expect(phone.locator(".item-card .photo-strip .thumb")).to_have_count(1)
    phone.get_by_role("link", name=tr("Finish inspection")).click()
    expect(phone.locator(".review-comment")).to_have_text(tr("Returned: %(comment)s", comment=COMMENT))
    expect(phone.locator("#signature-inspector")).to_have_attribute("data-signed", "true")
    # Nothing the representative signed has changed: their signature stays.
    expect(phone.locator("#signature-representative")).to_have_attribute("data-signed", "true")
    expect(phone.get_by_label(tr("Name of the enterprise representative"))).to_have_value("王厂长")
    phone.get_by_role("button", name=tr("Submit")).click()
    expect(phone.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_sync(phone)
    phone.goto(live_server.url + "/app/")
    expect(phone.locator(".amend-button")).to_have_count(0)

    earlier, revision = _inspections()
    assert (revision.revision_of_id, revision.revision, earlier.review_state) == (earlier.id, 2, "superseded")
    assert revision.representative_signed_revision == 1
    assert revision.representative_signed_sha256 == revision.signed_content_sha256 == earlier.signed_content_sha256
    assert db.session.scalar(select(func.count(Photo.id))) == photos_before  # nothing uploaded twice

    # The supervisor approves the revision; the queue lists only the latest revision.
    office.goto(live_server.url + "/review/?state=all")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-inspection", revision.uuid)
    rows.first.get_by_role("link", name="宏达机械有限公司").click()
    expect(office.locator(".revisions li")).to_have_count(2)
    expect(office.locator(".revisions")).to_contain_text(COMMENT)
    office.get_by_role("button", name="Approve").click()
    expect(office.locator(".flash-info")).to_have_text("No inspection awaits review any more.")
    office.goto(live_server.url + f"/review/{revision.uuid}")
    expect(office.locator(".review-state")).to_have_text("Approved")
    office.locator(".revisions").get_by_role("link", name="Revision 1").click()
    expect(office.locator(".review-state")).to_have_text("Earlier revision")
    office_context.close()

    earlier, revision = _inspections()
    assert (earlier.review_state, revision.review_state) == ("superseded", "approved")
    assert revision.revision_of_id == earlier.id
    assert db.session.scalar(select(func.count(Hazard.id))) == 0
