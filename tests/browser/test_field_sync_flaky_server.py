"""Sync through a server that fails every third write, before or after storing it: every record arrives once."""
import hashlib
import time
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import HazardEvent
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from safety.photos.storage import get_photo_store
from tests.browser.field_helpers import (add_photo, field_world, go_offline_and_reload, hazard_row,
                                         hazard_with_evidence, idb_all, jpeg_file, one_item_inspection,
                                         open_enterprise_by_search, sign_in, thumbs_ready, tr, wait_for_sync,
                                         wait_for_worker)
from tests.browser.flaky_sync import FAULTS, FlakySync

SYNCED_WITHIN_MS = 90_000


def queue_inspection(page, tmp_path, base_url: str, photos: int, name: str, queued: int) -> None:
    """Through the UI: open the enterprise, pass its item with photos, sign, submit; ``queued`` records then wait."""
    page.goto(base_url + "/app/")
    one_item_inspection(page, tmp_path, photos=photos, name=f"{name}-", queued=queued)


def _rows_per_uuid(model, uuids) -> dict:
    db.session.expire_all()
    rows = db.session.execute(select(model.uuid, func.count()).where(model.uuid.in_(uuids)).group_by(model.uuid))
    return dict(rows.all())


def test_every_record_arrives_exactly_once_through_a_server_failing_every_third_write(
        app, live_server, page, tmp_path):
    flaky = FlakySync(app.wsgi_app, every=3)
    app.wsgi_app = flaky
    world = field_world(items=1)
    hazard, _ = hazard_with_evidence(world["enterprise"], world["inspector"], description="灭火器压力不足",
                                     status="rectified", deadline=date.today() + timedelta(days=1))
    db.session.commit()

    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    thumbs_ready(page, 1)
    go_offline_and_reload(page)

    # Offline: a re-check with a photo, and two inspections with photos and both signatures.
    open_enterprise_by_search(page, "宏达机械有限公司")
    hazard_row(page, hazard.uuid).get_by_role("button", name=tr("Re-check: failed")).click()
    sheet = page.locator("dialog.recheck-sheet[open]")
    sheet.get_by_label(tr("New deadline")).fill((date.today() + timedelta(days=10)).isoformat())
    add_photo(page, sheet.locator(".photo-strip"), jpeg_file(tmp_path, "still.jpg"), 1)
    sheet.get_by_role("button", name=tr("Save re-check")).click()
    expect(sheet).to_be_hidden()
    queue_inspection(page, tmp_path, live_server.url, 3, "first", queued=2)
    queue_inspection(page, tmp_path, live_server.url, 1, "second", queued=3)

    records = idb_all(page, "outbox")
    inspections = [record["uuid"] for record in records if record["type"] == "inspection"]
    [event] = [record["uuid"] for record in records if record["type"] == "hazard_event"]
    phone_photos = {photo["uuid"]: photo["sha256"] for photo in idb_all(page, "photos")}
    assert len(inspections) == 2 and len(phone_photos) == 1 + (3 + 2) + (1 + 2)

    # Online again: the phone retries by itself until everything is acknowledged.
    started = time.monotonic()
    page.context.set_offline(False)
    page.goto(live_server.url + "/app/outbox")
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=SYNCED_WITHIN_MS)
    took = time.monotonic() - started
    wait_for_sync(page)
    assert idb_all(page, "outbox") == [] and idb_all(page, "photos") == []
    expect(page.locator(".sync-phase.sync-error")).to_have_count(0)

    # The faults did happen, of every kind, and some after the server had stored the request.
    kinds = {fault.kind for fault in flaky.faults}
    assert kinds == set(FAULTS), flaky.faults
    stored_then_lost = {fault.resource for fault in flaky.faults
                        if fault.kind != "refused_before" and fault.status in (200, 201)}
    assert stored_then_lost == {"photo", "inspection", "event"}, flaky.faults

    # Exactly once: one row per UUID, and each photo's bytes are the ones the phone hashed.
    assert _rows_per_uuid(Inspection, inspections) == {uuid: 1 for uuid in inspections}
    assert _rows_per_uuid(HazardEvent, [event]) == {event: 1}
    assert _rows_per_uuid(Photo, list(phone_photos)) == {uuid: 1 for uuid in phone_photos}
    assert db.session.scalar(select(func.count()).select_from(Inspection)) == 2
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 2
    store = get_photo_store()
    for photo in db.session.scalars(select(Photo).where(Photo.uuid.in_(list(phone_photos)))):
        assert photo.sha256 == phone_photos[photo.uuid]
        with store.open_original(photo.sha256) as original:
            assert hashlib.sha256(original.read()).hexdigest() == photo.sha256
    [stored_event] = db.session.scalars(select(HazardEvent).where(HazardEvent.uuid == event))
    assert stored_event.type == "recheck_failed" and stored_event.applied
    # The recent list shows each record once.
    assert sorted(entry["uuid"] for entry in _sent(page)) == sorted(inspections + [event])
    print(f"\nsynced in {took:.1f} s; faults injected: {len(flaky.faults)} of {sum(flaky.seen.values())} sync writes: "
          + ", ".join(f"{fault.kind} {fault.resource}" for fault in flaky.faults))


def _sent(page) -> list:
    return page.evaluate("""async () => {
        const db = await new Promise((resolve, reject) => {
            const request = indexedDB.open('safety-field');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        const sent = await new Promise((resolve) => {
            const request = db.transaction('meta').objectStore('meta').get('sent');
            request.onsuccess = () => resolve(request.result || []);
        });
        db.close();
        return sent;
    }""")
