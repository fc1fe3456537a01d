"""Two tabs of the field app share one outbox (IndexedDB is per origin) and both sync when the network returns."""
import threading
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from tests.browser.field_helpers import TIMEOUT_MS, idb_all, one_item_inspection, signed_in_offline, sync_now, tr
from tests.browser.flaky_sync import SYNC_WRITES


class SlowTwins:
    """A server where a write repeating one already under way or done answers later than the first.

    So it is on PostgreSQL: the twin's insert of the same unique UUID waits for the first one's
    transaction. The tab that sent second falls behind the other, request by request.
    """

    def __init__(self, app, first: float = 0.2, twin: float = 1.0):
        self.app = app
        self.first = first
        self.twin = twin
        self.lock = threading.Lock()
        self.writes: list[tuple[str, str]] = []

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if method in ("PUT", "POST") and SYNC_WRITES.match(path):
            with self.lock:
                repeated = (method, path) in self.writes
                self.writes.append((method, path))
            time.sleep(self.twin if repeated else self.first)
        return self.app(environ, start_response)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _no_trouble_shown(page) -> None:
    expect(page.locator(".sync-phase.sync-error, .topbar-sync.sync-error")).to_have_count(0)
    expect(page.locator(".record")).to_have_count(0)
    expect(page.locator(".toast-error, [role=alert]")).to_have_count(0)


@pytest.mark.parametrize("web_locks", [True, False], ids=["web-locks", "no-web-locks"])
def test_two_tabs_syncing_the_same_outbox_at_once_store_one_inspection_and_show_no_error(
        app, live_server, context, page, tmp_path, web_locks):
    slow = SlowTwins(app.wsgi_app)
    app.wsgi_app = slow
    if not web_locks:
        # As in browsers without the Web Locks API (Safari before 15.4): both tabs send side by side.
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'locks', {get: () => undefined});")
    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path, photos=2)
    [record] = idb_all(page, "outbox")
    phone_photos = {photo["uuid"]: photo["sha256"] for photo in idb_all(page, "photos")}
    assert len(phone_photos) == 4

    # A second tab on the outbox, opened offline: both see the same waiting record.
    other = context.new_page()
    other.goto(live_server.url + "/app/outbox")
    expect(other.locator(f'.record[data-uuid="{record["uuid"]}"]')).to_be_visible(timeout=TIMEOUT_MS)
    page.goto(live_server.url + "/app/outbox")
    expect(page.locator(f'.record[data-uuid="{record["uuid"]}"]')).to_be_visible(timeout=TIMEOUT_MS)

    # The network returns for both at the same moment: each tab's `online` handler starts a sync.
    context.set_offline(False)
    for tab in (page, other):
        expect(tab.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    for tab in (page, other):
        sync_now(tab)
        _no_trouble_shown(tab)
    assert idb_all(page, "outbox") == [] and idb_all(page, "photos") == [] and idb_all(page, "drafts") == []

    assert _count(Inspection) == 1 and _count(Answer) == 1
    inspection = db.session.scalar(select(Inspection))
    assert inspection.uuid == record["uuid"]
    stored = {photo.uuid: photo.sha256 for photo in db.session.scalars(select(Photo))}
    assert stored == phone_photos
    for tab in (page, other):
        expect(tab.locator(f'.sent-row[data-uuid="{record["uuid"]}"]')).to_have_count(1)
    if web_locks:
        # One tab sent while the other waited for it: each photo and the inspection went once.
        assert len(slow.writes) == 5
    else:
        assert page.evaluate("() => navigator.locks") is None
    print(f"\nsync writes the server received from the two tabs: {len(slow.writes)}")
