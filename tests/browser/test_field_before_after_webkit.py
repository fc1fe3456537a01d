"""Before and after in WebKit (the Safari engine): the re-check offers the original photo offline and opens the
camera screen with it laid over; where the camera cannot be opened the screen says so, and the photo taken with
the phone's own camera still goes out with the re-check."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import HazardEvent
from tests.browser.field_helpers import field_world, hazard_with_evidence, jpeg_file, tr
from tests.browser.webkit import phone, phone_server, webkit_app, xvfb_display  # noqa: F401 (fixtures)

pytestmark = pytest.mark.webkit


def test_the_original_is_laid_over_the_camera_offline_in_webkit(phone, phone_server, webkit_app, tmp_path):
    world = field_world(items=1)
    hazard, original = hazard_with_evidence(world["enterprise"], world["inspector"], description="灭火器被遮挡",
                                            deadline=date.today() + timedelta(days=3))
    db.session.commit()
    phone.get(phone_server.url + "/app/")
    phone.sign_in("li.inspector")
    phone.shown(".topbar-sync")
    phone.wait(lambda: original.uuid in {thumb["uuid"] for thumb in phone.idb_all("thumbs")},
               "the original photo on the phone")

    phone_server.stop()
    phone.get(f"{phone_server.url}/e/{world['enterprise'].code}")
    row = phone.shown(f'.hazard-row[data-uuid="{hazard.uuid}"]')
    phone.tap_button(tr("Re-check: passed"), row)
    sheet = phone.shown("dialog.recheck-sheet[open]")
    phone.tap_css(f'.match-original[data-before="{original.uuid}"]', sheet)
    camera = phone.shown("dialog.match-camera[open]")
    overlay = phone.shown("img.match-overlay", camera)
    assert overlay.get_attribute("src").startswith("blob:")
    phone.wait(lambda: phone.js("const image = document.querySelector('img.match-overlay');"
                                "return image.complete && image.naturalWidth > 0;"), "the original decoded offline")
    assert phone.js("return getComputedStyle(document.querySelector('img.match-overlay')).opacity") == "0.45"
    # No camera on this machine: said plainly, and the shutter stays off.
    phone.wait(lambda: phone.text_of(".match-status") == tr(
        "The camera cannot be opened here. Close this and use “Add photo”, matching the original by eye."),
        "the camera refused")
    assert phone.js("return document.querySelector('.match-camera .shutter').disabled") is True
    phone.tap_button(tr("Cancel"), camera)
    phone.gone("dialog.match-camera[open]")

    phone.add_photo(phone.shown(".photo-strip", sheet), jpeg_file(tmp_path, "fixed.jpg", (60, 160, 60)), 1)
    phone.tap_button(tr("Save re-check"), sheet)
    phone.gone("dialog.recheck-sheet[open]")
    [record] = phone.idb_all("outbox")
    assert "photo_pairs" not in record["document"]  # taken by eye: it answers no original

    phone_server.start()
    phone.get(phone_server.url + "/app/outbox")
    phone.sync_now(phone_server)
    phone.text_shown(tr("Nothing waits: everything has been sent."))
    db.session.expire_all()
    assert db.session.scalar(select(HazardEvent.type).where(HazardEvent.uuid == record["uuid"])) == "recheck_passed"
