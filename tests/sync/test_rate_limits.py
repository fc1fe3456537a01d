"""Rate limits on the sync API: a day's backlog always gets through, a runaway client gets 429."""
import hashlib
import uuid
from contextlib import ExitStack

import pytest

from tests.conftest import Auth, running_app
from tests.factories import image_bytes, inspection_document, make_enterprise, make_grid, make_template, make_user
from tests.hazards.conftest import event_document, found_hazard


@pytest.fixture
def make_app(database_url, tmp_path):
    """Builds the test's app with rate limiting on: the server's defaults unless ``limits`` sets some."""
    with ExitStack() as apps:
        yield lambda **limits: apps.enter_context(running_app(database_url, tmp_path, RATELIMIT_ENABLED=True,
                                                              **limits))


def park():
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E0001")
    inspector = make_user("inspector", username="inspector", grids=[grid], locale="en")
    other = make_user("inspector", username="other", grids=[grid], locale="en")
    version = make_template(items=3).versions[0]
    return enterprise, inspector, other, version


def put_photo(client, auth, data: bytes):
    return client.put(f"/api/v1/photos/{uuid.uuid4()}", data=data, content_type="image/jpeg",
                      headers={**auth.headers(), "X-Content-SHA256": hashlib.sha256(data).hexdigest()})


def test_a_days_backlog_in_one_burst_is_never_refused(make_app):
    """50 inspections, 300 photos and the re-checks of an offline day, sent at once under the default limits."""
    app = make_app()
    enterprise, inspector, _other, version = park()
    hazards = [found_hazard(enterprise, inspector) for _ in range(20)]
    client = app.test_client()
    auth = Auth(client)
    auth.login("inspector")
    assert client.get("/api/v1/sync/pull").status_code == 200

    statuses = [put_photo(client, auth, image_bytes(colour=(n % 256, n // 256, 90))).status_code
                for n in range(300)]
    statuses += [client.post("/api/v1/inspections", json=inspection_document(enterprise, version),
                             headers=auth.headers()).status_code for _ in range(50)]
    statuses += [client.post(f"/api/v1/hazards/{hazard.uuid}/events", json=event_document("comment"),
                             headers=auth.headers()).status_code for hazard in hazards]
    statuses += [client.get("/api/v1/sync/pull").status_code for _ in range(5)]
    assert statuses.count(201) == 370 and statuses.count(200) == 5, sorted(set(statuses))


def test_over_the_limit_answers_429_with_the_json_error_and_retry_after(make_app):
    app = make_app(API_PHOTO_RATE_LIMIT="2 per minute")
    park()
    client = app.test_client()
    auth = Auth(client)
    auth.login("inspector")
    assert [put_photo(client, auth, image_bytes(colour=(n, 1, 1))).status_code for n in range(2)] == [201, 201]

    refused = put_photo(client, auth, image_bytes(colour=(9, 9, 9)))
    assert refused.status_code == 429
    assert refused.get_json() == {"error": {
        "code": "rate_limited", "message": "Too many requests in a short time. Sending resumes by itself in a moment.",
        "field": None}}
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_each_user_has_their_own_count(make_app):
    """Two inspectors behind the office's one address: one's burst does not stop the other."""
    app = make_app(API_PULL_RATE_LIMIT="3 per minute")
    park()
    first, second = app.test_client(), app.test_client()
    Auth(first).login("inspector")
    Auth(second).login("other")
    assert [first.get("/api/v1/sync/pull").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get("/api/v1/sync/pull").status_code == 200


def test_each_endpoint_counts_on_its_own(make_app):
    app = make_app(API_PHOTO_RATE_LIMIT="1 per minute", API_WRITE_RATE_LIMIT="1 per minute")
    enterprise, _inspector, _other, version = park()
    client = app.test_client()
    auth = Auth(client)
    auth.login("inspector")
    assert put_photo(client, auth, image_bytes()).status_code == 201
    assert put_photo(client, auth, image_bytes(colour=(1, 2, 3))).status_code == 429
    assert client.post("/api/v1/inspections", json=inspection_document(enterprise, version),
                       headers=auth.headers()).status_code == 201
    assert client.post("/api/v1/inspections", json=inspection_document(enterprise, version),
                       headers=auth.headers()).status_code == 429
    assert client.get("/api/v1/sync/pull").status_code == 200


def test_the_limit_follows_the_configuration_per_request(make_app):
    app = make_app(API_PULL_RATE_LIMIT="1 per minute")
    park()
    client = app.test_client()
    Auth(client).login("inspector")
    assert client.get("/api/v1/sync/pull").status_code == 200
    assert client.get("/api/v1/sync/pull").status_code == 429
    app.config["API_PULL_RATE_LIMIT"] = "5 per minute"
    assert client.get("/api/v1/sync/pull").status_code == 200
