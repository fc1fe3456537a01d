"""The outbox counts an inspection's photos and its signatures apart: two photos and two signatures are not
"photos sent 0 of 4"."""
from playwright.sync_api import expect

from tests.browser.field_helpers import TIMEOUT_MS, one_item_inspection, signed_in_offline, tr


def test_photos_and_signatures_are_counted_apart(live_server, page, tmp_path):
    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path, photos=2)

    progress = page.locator(".record .upload-progress")
    expect(progress).to_contain_text(tr("photos sent %(sent)s of %(total)s", sent=0, total=2), timeout=TIMEOUT_MS)
    expect(progress).to_contain_text(tr("signatures sent %(sent)s of %(total)s", sent=0, total=2))
    expect(progress).not_to_contain_text(tr("photos sent %(sent)s of %(total)s", sent=0, total=4))
