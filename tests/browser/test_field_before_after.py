"""Before and after on the phone: the re-check's camera shows the hazard's original photo over it, offline, and
the photo taken there is sent as the one that answers the original; the office sees the two side by side."""
import subprocess
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.photos.models import Photo
from tests.browser.field_helpers import (TIMEOUT_MS, camera_page, field_world, go_offline_and_reload, hazard_row,
                                         hazard_with_evidence, idb_all, open_enterprise_by_search, sign_in,
                                         thumbs_ready, tr, wait_for_count, wait_for_sync, wait_for_worker)


def _workshop_video(tmp_path) -> str:
    """A .y4m video of a green workshop wall with an extinguisher, for Chromium's fake camera."""
    from PIL import Image, ImageDraw
    picture = Image.new("RGB", (640, 480), (70, 140, 80))
    ImageDraw.Draw(picture).rectangle((280, 140, 360, 400), fill=(200, 30, 30))
    png = tmp_path / "workshop.png"
    picture.save(png)
    video = tmp_path / "workshop.y4m"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(png), "-t", "2", "-r", "10",
                    "-vf", "format=yuv420p", "-f", "yuv4mpegpipe", str(video)], check=True)
    return str(video)


def test_the_recheck_photo_is_taken_over_the_original_offline_and_answers_it(live_server, browser_type, tmp_path):
    world = field_world()
    hazard, original = hazard_with_evidence(world["enterprise"], world["inspector"], description="灭火器被遮挡",
                                            deadline=date.today() + timedelta(days=5))
    db.session.commit()
    browser, page = camera_page(browser_type, _workshop_video(tmp_path))
    try:
        sign_in(page, live_server.url, "li.inspector")
        wait_for_sync(page)
        wait_for_worker(page)
        thumbs_ready(page, 1)
        go_offline_and_reload(page)
        open_enterprise_by_search(page, "宏达机械有限公司")
        hazard_row(page, hazard.uuid).get_by_role("button", name=tr("Re-check: passed")).click()
        sheet = page.locator("dialog.recheck-sheet[open]")
        match = sheet.locator(f'.match-original[data-before="{original.uuid}"]')
        expect(match).to_be_visible(timeout=TIMEOUT_MS)
        match.click()

        camera = page.locator("dialog.match-camera[open]")
        overlay = camera.locator("img.match-overlay")
        expect(overlay).to_be_visible()
        # The original from the phone's own storage (the network is off), translucent over the live camera.
        assert overlay.get_attribute("src").startswith("blob:")
        assert overlay.evaluate("(image) => image.complete && image.naturalWidth > 0")
        assert float(overlay.evaluate("(image) => getComputedStyle(image).opacity")) == 0.45
        page.wait_for_function("() => document.querySelector('.match-video').videoWidth > 0", timeout=TIMEOUT_MS)
        camera.get_by_label(tr("Original over the camera")).fill("70")
        assert float(overlay.evaluate("(image) => getComputedStyle(image).opacity")) == 0.7
        camera.get_by_role("button", name=tr("Take photo")).click()
        expect(camera).to_be_hidden()

        paired = sheet.locator(f'.photo-strip .thumb.paired[data-before="{original.uuid}"]')
        expect(paired).to_have_count(1, timeout=TIMEOUT_MS)
        sheet.get_by_role("button", name=tr("Save re-check")).click()
        expect(sheet).to_be_hidden()
        [record] = idb_all(page, "outbox")
        [after_uuid] = record["document"]["photos"]
        assert record["document"]["photo_pairs"] == [{"photo": after_uuid, "before": original.uuid}]

        page.context.set_offline(False)
        wait_for_count(page, "outbox", 0)
        db.session.expire_all()
        after = db.session.scalar(select(Photo).where(Photo.uuid == after_uuid))
        assert after.before_photo_id == original.id and after.hazard_id == hazard.id
        # The camera's own picture, not the overlay: the fake camera's green wall and red extinguisher.
        assert (after.width, after.height) == (640, 480)
    finally:
        browser.close()
