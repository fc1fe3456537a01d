"""A returned inspection reaches the inspector on a phone that never sent it (a replaced or reset phone): it is
listed after the first sync, and can be amended with no network, its photos and signatures shown from the copies
the phone fetched after the pull, then resent."""
from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.inspections.models import Inspection, InspectionTeamMember
from tests.browser.field_helpers import (OUTSIDE_EXPERT, RETURN_COMMENT, TIMEOUT_MS, field_world,
                                         returned_on_another_phone, sign_in, tr, wait_for_count, wait_for_sync,
                                         wait_for_worker)

COMMENT = RETURN_COMMENT


def _pictures_shown(page, selector: str) -> None:
    """Until every image ``selector`` finds has decoded pixels (offline: from the phone's own copy)."""
    page.wait_for_function("""(selector) => {
        const images = [...document.querySelectorAll(selector)];
        return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
    }""", arg=selector, timeout=TIMEOUT_MS)


def _inspections() -> list[Inspection]:
    db.session.expire_all()
    return list(db.session.scalars(select(Inspection).order_by(Inspection.id)))


def _team_of(inspection: Inspection) -> list[tuple]:
    return [(member.username, member.role) + (("", "") if member.role == "staff" else (member.name, member.organisation))
            for member in db.session.scalars(select(InspectionTeamMember).where(
                InspectionTeamMember.inspection_id == inspection.id).order_by(InspectionTeamMember.position))]


def test_a_new_phone_gets_the_returned_inspection_and_amends_it_offline(app, live_server, page):
    world = field_world(items=1)
    document = returned_on_another_phone(app, world)

    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    card = page.locator(".returned-card")
    expect(card).to_be_visible(timeout=TIMEOUT_MS)
    expect(card.locator(f'.returned-row[data-uuid="{document["uuid"]}"] .review-comment')).to_have_text(
        tr("Returned: %(comment)s", comment=COMMENT))
    expect(card).to_contain_text("宏达机械有限公司")
    wait_for_count(page, "returned_photos", 3)  # the photo and both signatures
    wait_for_worker(page)

    # In the basement: no network from here until the amendment is queued.
    page.context.set_offline(True)
    page.reload()
    card.get_by_role("button", name=tr("Amend and resubmit")).click()
    expect(page.locator(".item-card")).to_have_attribute("data-state", "pass", timeout=TIMEOUT_MS)
    strip = page.locator(".item-card .photo-strip")
    expect(strip.locator(".thumb")).to_have_count(1)
    _pictures_shown(page, ".item-card .photo-strip img")
    page.get_by_role("link", name=tr("Finish inspection")).click()
    expect(page.locator(".review-comment")).to_have_text(tr("Returned: %(comment)s", comment=COMMENT))
    for pad in ("#signature-inspector", "#signature-representative"):
        expect(page.locator(pad)).to_have_attribute("data-signed", "true")
        _pictures_shown(page, f"{pad} img")
    page.get_by_role("button", name=tr("Submit")).click()
    expect(page.locator(".record")).to_have_count(1, timeout=TIMEOUT_MS)

    page.context.set_offline(False)
    page.get_by_role("button", name=tr("Sync now")).click()
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_sync(page)
    earlier, revision = _inspections()
    assert (revision.revision_of_id, revision.revision, earlier.review_state) == (earlier.id, 2, "superseded")
    # Who was there stays on the record: the amendment carries the returned inspection's team.
    assert _team_of(revision) == _team_of(earlier) == [
        (world["inspector"].username, "staff", "", ""),
        ("", "expert", OUTSIDE_EXPERT["name"], OUTSIDE_EXPERT["organisation"])]

    # Resent: it leaves the list, and the photos fetched for it leave the phone.
    page.goto(live_server.url + "/app/")
    wait_for_sync(page)
    expect(page.locator(".returned-card")).to_be_hidden()
    wait_for_count(page, "returned", 0)
    wait_for_count(page, "returned_photos", 0)
