"""Sync when things go wrong: the server goes away mid-sync, the session expires, the server refuses."""
import threading
from datetime import datetime, timedelta

from flask import request
from flask_babel import force_locale, gettext
from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Inspection
from safety.inspections.operations import CONTENT_CONFLICT, store_inspection
from safety.inspections.validation import parse_inspection
from safety.photos.models import Photo
from safety.users.models import User
from tests.browser.field_helpers import (TIMEOUT_MS, idb_all, one_item_inspection, signed_in_offline, sync_now, tr,
                                         wait_for_sync)
from tests.factories import DEFAULT_PASSWORD


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_server_stopped_during_sync_then_restarted_loses_nothing_and_stores_nothing_twice(
        app, live_server, page, tmp_path):
    uploads = []

    @app.after_request
    def stop_after_the_second_photo(response):
        # The server goes away in the middle of a sync: after two of the eight photos (the uploads under
        # way then still finish, as they do on a server shutting down).
        if request.method == "PUT" and request.path.startswith("/api/v1/photos/"):
            uploads.append(request.path)
            if len(uploads) == 2:
                threading.Thread(target=live_server.stop).start()
        return response

    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path, photos=6)
    page.context.set_offline(False)
    expect(page.locator('.record[data-status="waiting"]')).to_be_visible(timeout=TIMEOUT_MS)
    [record] = idb_all(page, "outbox")
    stored_before_the_stop = _count(Photo)
    assert len(record["photos"]) == 8 and 2 <= stored_before_the_stop < 8
    assert sorted(record["uploaded"]) == sorted(path.rsplit("/", 1)[1] for path in uploads)
    assert record["error"]["status"] == 0
    assert _count(Inspection) == 0

    live_server.start()
    page.get_by_role("button", name=tr("Sync now")).click()
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    assert _count(Inspection) == 1
    assert _count(Photo) == 8
    assert len(uploads) == 8  # those stored before the stop were not sent again


def test_answer_lost_after_the_server_stored_the_inspection_is_resent_and_stored_once(
        app, live_server, page, tmp_path):
    posts = []

    @app.after_request
    def lose_the_first_answer(response):
        # Stored and committed, but the phone never hears so: it must send again.
        if request.method == "POST" and request.path == "/api/v1/inspections":
            posts.append(response.status_code)
            if len(posts) == 1:
                raise RuntimeError("the answer is lost on the way back")
        return response

    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path)
    page.context.set_offline(False)
    # The phone retries by itself (backoff) and the server answers the resend as the stored twin.
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    assert posts == [201, 200]
    assert _count(Inspection) == 1


def test_session_expired_offline_asks_to_sign_in_then_sync_completes(live_server, page, tmp_path):
    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path)
    # Signed out elsewhere (or the password changed) while the phone was offline.
    user = db.session.scalar(select(User).where(User.username == "li.inspector"))
    user.session_version += 1
    db.session.commit()

    page.context.set_offline(False)
    expect(page.locator('.record[data-status="sign_in"]')).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".topbar-sync.sync-sign_in")).to_be_visible()
    assert len(idb_all(page, "outbox")) == 1 and _count(Inspection) == 0

    page.locator("#main").get_by_role("button", name=tr("Sign in again")).click()
    expect(page.get_by_label(tr("Username"))).to_have_value("li.inspector")
    page.get_by_label(tr("Password")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=tr("Sign in")).click()
    wait_for_sync(page)
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    assert idb_all(page, "outbox") == []
    assert _count(Inspection) == 1


def _server_message(app, msgid: str) -> str:
    """The server's message as the phone receives it (the session's language, Chinese by default)."""
    with app.test_request_context(), force_locale("zh_CN"):
        return gettext(msgid)


def test_refused_inspection_stays_with_the_servers_message_and_can_be_reopened(app, live_server, page, tmp_path):
    signed_in_offline(page, live_server.url)
    # The phone's clock is three days ahead: the server refuses a finish time in the future.
    page.clock.set_fixed_time(datetime.now() + timedelta(days=3))
    one_item_inspection(page, tmp_path)
    page.context.set_offline(False)
    record = page.locator('.record[data-status="needs_attention"]')
    expect(record).to_be_visible(timeout=TIMEOUT_MS)
    expected = _server_message(app, "finished_at lies in the future; check the phone's date and time.")
    expect(record.locator(".record-error")).to_have_text(expected)
    [stored] = idb_all(page, "outbox")
    assert stored["status"] == "needs_attention" and stored["error"]["code"] == "time_in_future"
    assert _count(Inspection) == 0

    # A later sync does not drop it or send it again unchanged.
    sync_now(page)
    assert len(idb_all(page, "outbox")) == 1

    record.get_by_role("button", name=tr("Open and correct")).click()
    expect(page.get_by_role("alert")).to_contain_text(expected)
    [draft] = idb_all(page, "drafts")
    assert draft["state"] == "editing" and idb_all(page, "outbox") == []


def test_an_inspection_whose_uuid_holds_other_content_stays_on_the_phone_with_the_servers_message(
        app, live_server, page, tmp_path):
    world = signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path)
    [queued] = idb_all(page, "outbox")
    # Before the phone syncs, other content lands under its UUID (a phone that reused one): other notes, unsigned.
    store_inspection(world["inspector"], parse_inspection(dict(queued["document"], notes="另一份检查记录",
                                                               signatures={})))
    db.session.commit()

    page.context.set_offline(False)
    record = page.locator('.record[data-status="needs_attention"]')
    expect(record).to_be_visible(timeout=TIMEOUT_MS)
    with app.test_request_context(), force_locale("zh_CN"):
        expected = str(CONTENT_CONFLICT)
    expect(record.locator(".record-error")).to_have_text(expected)
    expect(page.locator(".topbar-sync.has-attention")).to_be_visible()
    [kept] = idb_all(page, "outbox")
    assert (kept["status"], kept["error"]["status"], kept["error"]["code"]) == (
        "needs_attention", 409, "inspection_conflict")
    assert kept["document"] == queued["document"]
    assert len(idb_all(page, "photos")) == 2  # the two signatures stay with it
    assert _count(Inspection) == 1
    assert db.session.scalar(select(Inspection.notes)) == "另一份检查记录"

    # A later sync neither drops it nor sends it again unchanged.
    sync_now(page)
    [still] = idb_all(page, "outbox")
    assert still["status"] == "needs_attention" and still["attempts"] == kept["attempts"]
    expect(record.locator(".record-error")).to_have_text(expected)
