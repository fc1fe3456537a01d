"""Scale-out: two app processes (gunicorn, as in production) on one database and one photo directory, sharing
Redis. A phone syncs through both alternately, as a proxy spreading requests would send it: what one stored the
other serves, a session made by one is valid at the other, and a rate limit counts across both.

Runs on the suite's database (PostgreSQL with ``TEST_DATABASE_URL``, as a county deploys it; SQLite otherwise).
"""
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from safety.extensions import db
from tests.factories import image_bytes, inspection_document, make_enterprise, make_grid, make_template, make_user
from tests.livehttp import HttpSession

ROOT = Path(__file__).resolve().parents[2]
PULL_LIMIT = 4  # per minute and user, low enough to reach in a test
PHOTO_URL = "/photos/{uuid}/thumb.jpg"


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway Redis on a Unix socket, shared by both instances."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed: `make test` installs it (Debian package redis-server)"
    path = tmp_path / "redis.sock"
    process = subprocess.Popen([server, "--port", "0", "--unixsocket", str(path), "--save", "", "--appendonly",
                                "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not path.exists():
            assert process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield f"redis+unix://{path}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(app, port: int, redis: str, photos: Path, log: Path) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                   "SECRET_KEY": "shared-by-every-instance", "PHOTO_ROOT": str(photos), "REDIS_URL": redis,
                   "COOKIE_SECURE": "0", "API_PULL_RATE_LIMIT": f"{PULL_LIMIT} per minute",
                   "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as output:  # the process keeps its own copy of the descriptor
        return subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py", "app:app"], cwd=ROOT, env=environment,
                                stdout=output, stderr=subprocess.STDOUT)


def _wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            status, _body = HttpSession(port).request("GET", "/login")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the instance on {port} did not start: {log.read_text()}")


@pytest.fixture
def two_instances(app, tmp_path, redis_url):
    photos = tmp_path / "shared-photos"
    photos.mkdir()
    ports, processes = [_free_port(), _free_port()], []
    try:
        for n, port in enumerate(ports):
            processes.append(_start(app, port, redis_url, photos, tmp_path / f"instance{n}.log"))
        for n, (port, process) in enumerate(zip(ports, processes)):
            _wait_until_up(port, process, tmp_path / f"instance{n}.log")
        yield ports, photos
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


class AlternatingPhone(HttpSession):
    """One phone whose requests a proxy sends to one instance, then the other, in turn."""

    def __init__(self, ports):
        super().__init__(ports[0])
        self.ports, self.sent = ports, 0

    def request(self, method, path, body=None, headers=None):
        self.port = self.ports[self.sent % len(self.ports)]
        self.sent += 1
        return super().request(method, path, body, headers)


def test_a_phone_syncs_through_both_instances_alternately(two_instances, app):
    ports, photos = two_instances
    grid = make_grid()
    enterprise = make_enterprise(grid=grid)
    make_user("inspector", username="li", grids=[grid])
    version = make_template().latest
    db.session.commit()

    phone = AlternatingPhone(ports)
    phone.login("li")  # instance 0 makes the session …
    status, body = phone.request("GET", "/api/v1/session")  # … instance 1 accepts it
    assert status == 200 and b'"li"' in body

    data = image_bytes()
    photo_uuid = str(uuid.uuid4())
    status, _body = phone.request("PUT", f"/api/v1/photos/{photo_uuid}", data,  # instance 0 stores the photo
                                  {"Content-Type": "image/jpeg", "X-Content-SHA256": hashlib.sha256(data).hexdigest()})
    assert status in (200, 201)
    assert any(photos.rglob("*")), "the photo went to the shared directory"
    document = inspection_document(enterprise, version)
    item = version.items()[0].key
    document["answers"][0] = {"item_id": item, "result": "fail", "value": None, "note": "", "photos": [photo_uuid]}
    document["hazards"] = [{"uuid": str(uuid.uuid4()), "item_id": item, "description": "灭火器过期",
                            "level": "general", "mode": "deadline", "responsible_person": "王五",
                            "measures": "更换灭火器", "deadline": "2099-01-01", "photos": [photo_uuid],
                            "rectification_photos": []}]
    status, stored = phone.send_json("POST", "/api/v1/inspections", document)  # instance 1 finds the photo
    assert status == 201, stored
    status, resent = phone.send_json("POST", "/api/v1/inspections", document)  # instance 0: the same, once
    assert status == 200, resent
    status, read = phone.request("GET", f"/api/v1/inspections/{document['uuid']}")
    assert status == 200 and document["uuid"].encode() in read
    status, served = phone.request("GET", PHOTO_URL.format(uuid=photo_uuid))  # instance 0 serves its derivative
    assert status == 200 and served


def test_a_rate_limit_counts_across_both_instances(two_instances, app):
    ports, _photos = two_instances
    make_user("inspector", username="li", grids=[make_grid()])
    db.session.commit()
    phone = AlternatingPhone(ports)
    phone.login("li")
    statuses = [phone.request("GET", "/api/v1/sync/pull")[0] for _ in range(PULL_LIMIT + 1)]
    # Alone, each instance would have let its three pulls through; together they count to the limit.
    assert statuses == [200] * PULL_LIMIT + [429]


def test_signing_out_at_one_instance_ends_the_session_at_the_other(two_instances, app):
    ports, _photos = two_instances
    make_user("inspector", username="li", grids=[make_grid()])
    db.session.commit()
    phone = AlternatingPhone(ports)
    phone.login("li")  # instance 0
    kept = dict(phone.cookies)
    assert phone.request("DELETE", "/api/v1/session")[0] in (200, 204)  # instance 1
    phone.cookies.update(kept)  # a stolen copy of the old cookie
    assert phone.request("GET", "/api/v1/session")[0] == 401  # instance 0 refuses it
