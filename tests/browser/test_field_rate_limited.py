"""A server that answers 429 (rate limited) in the middle of a sync: the phone waits and tries again by itself."""
import time

import pytest
from flask import request, request_finished
from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from tests.browser.field_helpers import idb_all, one_item_inspection, signed_in_offline, tr
from tests.conftest import running_app

# Two photo uploads per ten seconds: an inspection with its photos and signatures runs into the limit.
PHOTO_LIMIT = "2 per 10 seconds"


@pytest.fixture
def app(database_url, tmp_path):
    """The suite's app with rate limiting on and a tight photo limit."""
    with running_app(database_url, tmp_path, RATELIMIT_ENABLED=True, API_PHOTO_RATE_LIMIT=PHOTO_LIMIT) as app:
        yield app


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_rate_limited_upload_waits_and_is_sent_later_without_the_inspector(app, live_server, page, tmp_path):
    answers = []  # (when, status, Retry-After) of each photo upload

    # On the finished response: Flask-Limiter adds Retry-After in an after_request of its own.
    def note_photo_answers(sender, response, **extra):
        if request.method == "PUT" and request.path.startswith("/api/v1/photos/"):
            answers.append((time.monotonic(), response.status_code, response.headers.get("Retry-After")))
    request_finished.connect(note_photo_answers, app)

    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path, photos=2)
    page.context.set_offline(False)

    # Refused for now: the record waits for a retry, it does not ask the inspector for anything.
    expect(page.locator('.record[data-status="waiting"]')).to_be_visible(timeout=30_000)
    [record] = idb_all(page, "outbox")
    assert record["error"]["status"] == 429 and record["error"]["code"] == "rate_limited"
    assert 0 < len(record["uploaded"]) < len(record["photos"])
    expect(page.locator('.record[data-status="needs_attention"]')).to_have_count(0)

    # Nobody presses anything: the backoff sends the rest once the window has passed.
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=90_000)
    statuses = [status for _when, status, _wait in answers]
    assert _count(Inspection) == 1
    assert _count(Photo) == len(record["photos"]) == statuses.count(201)

    # After the first refusal the phone kept quiet for as long as Retry-After asked (uploads sent at the
    # same moment as the refused one aside, and two seconds for the header's whole seconds and the
    # refusals that came a moment later), instead of knocking again at its own backoff (5 s at most).
    refused_at, _status, wait = next(answer for answer in answers if answer[1] == 429)
    knocks = [when for when, _status, _wait in answers if refused_at + 0.5 < when < refused_at + int(wait) - 2]
    assert knocks == [], (wait, [(round(when - refused_at, 1), status) for when, status, _w in answers])
