"""The sign-in limit counts attempts per address, behind the proxy that address is the phone's, and with
Redis the count is kept where every gunicorn worker reads it."""
import re
import shutil
import subprocess
import time
from contextlib import ExitStack

import pytest

from safety.extensions import db
from tests.conftest import running_app
from tests.factories import make_user


@pytest.fixture
def make_app(database_url, tmp_path):
    """An app with the sign-in limit at three attempts a minute, and ``hops`` trusted proxies in front."""
    with ExitStack() as apps:
        made = []

        def make(hops: int, storage: str = "memory://"):
            app = apps.enter_context(running_app(database_url, tmp_path, RATELIMIT_ENABLED=True,
                                                 LOGIN_RATE_LIMIT="3 per minute", TRUSTED_PROXY_HOPS=hops,
                                                 RATELIMIT_STORAGE_URI=storage))
            if not made:
                make_user("inspector", username="inspector", locale="en")
                db.session.commit()
            made.append(app)
            return app
        yield make


def wrong_password(client, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/api/v1/session", json={"username": "inspector", "password": "not-the-password"},
                       headers=headers)


def test_the_fourth_attempt_in_a_minute_is_refused_with_a_json_429(make_app):
    client = make_app(hops=0).test_client()
    assert [wrong_password(client).status_code for _ in range(3)] == [401, 401, 401]
    refused = wrong_password(client)
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0


def test_the_sign_in_form_shares_the_limit(make_app):
    client = make_app(hops=0).test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    for _ in range(3):
        wrong_password(client)
    page = client.post("/login", data={"username": "inspector", "password": "not-the-password", "csrf_token": token})
    assert page.status_code == 429


def test_behind_a_trusted_proxy_each_phone_is_counted_apart(make_app):
    """Through nginx every request comes from 127.0.0.1: without ProxyFix one office would share three attempts."""
    client = make_app(hops=1).test_client()
    for _ in range(3):
        assert wrong_password(client, "203.0.113.7").status_code == 401
    assert wrong_password(client, "203.0.113.7").status_code == 429
    assert wrong_password(client, "198.51.100.20").status_code == 401


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_reset_the_count(make_app):
    client = make_app(hops=0).test_client()
    for number in range(3):
        assert wrong_password(client, f"203.0.113.{number}").status_code == 401
    assert wrong_password(client, "198.51.100.20").status_code == 429


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway Redis server of our own on a Unix socket: nothing shared with the machine's services."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed: `make test` installs it (Debian package redis-server)"
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen([server, "--port", "0", "--unixsocket", str(socket), "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not socket.exists():
            assert process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield f"redis+unix://{socket}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_with_redis_the_count_lives_in_redis_for_every_worker(make_app, redis_url):
    """The attempts are counted in Redis, which every gunicorn worker reads, not in one worker's memory."""
    import redis
    client = make_app(hops=0, storage=redis_url).test_client()
    assert [wrong_password(client).status_code for _ in range(3)] == [401, 401, 401]
    store = redis.Redis(unix_socket_path=redis_url.removeprefix("redis+unix://"))
    counters = [key for key in store.keys("*") if b"sign-in" in key]
    assert counters and sum(int(store.get(key)) for key in counters) == 3
    assert wrong_password(client).status_code == 429
