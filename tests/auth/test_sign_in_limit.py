"""Sign-in limits count failed sign-ins, per account and per address: an office signing in through one public
address is never refused, a guesser is. Behind the proxy the address is the phone's, and with Redis the counts
are kept where every gunicorn worker reads them."""
import re
import shutil
import subprocess
import time
from contextlib import ExitStack

import pytest
from werkzeug.security import generate_password_hash

from safety.extensions import db
from tests.conftest import running_app
from tests.factories import DEFAULT_PASSWORD, make_user

WRONG = "not-the-password"
# One round of hashing instead of the real scrypt: these tests count sign-ins, and sixty scrypt checks take
# longer on a busy test machine than the minute they are about.
QUICK_HASH = generate_password_hash(DEFAULT_PASSWORD, method="pbkdf2:sha256:1")


def make_staff(username: str):
    user = make_user("inspector", username=username)
    user.password_hash = QUICK_HASH
    return user


@pytest.fixture
def make_app(database_url, tmp_path):
    """An app with the sign-in limits on: the server's defaults unless ``settings`` changes some."""
    with ExitStack() as apps:
        def make(**settings):
            app = apps.enter_context(running_app(database_url, tmp_path, RATELIMIT_ENABLED=True, **settings))
            make_staff("inspector")
            make_staff("colleague")
            db.session.commit()
            return app
        yield make


def csrf_token(client) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)


def through_api(client, username: str, password: str = WRONG, address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/api/v1/session", json={"username": username, "password": password}, headers=headers)


def through_form(client, username: str, password: str = WRONG, address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)},
                       headers=headers)


def shown(response) -> str:
    """What the person signing in reads: the JSON error's message, or the form page."""
    return response.get_json()["error"]["message"] if response.is_json else response.text


SIGNED_IN = {through_api: 200, through_form: 302}
WRONG_PASSWORD = {through_api: 401, through_form: 400}
both_ways = pytest.mark.parametrize("sign_in", [through_api, through_form], ids=["api", "form"])


@both_ways
def test_sixty_colleagues_sign_in_from_one_address_within_a_minute(make_app, sign_in):
    """The office at 8:00, all through the one public address of its NAT, under the default limits."""
    app = make_app()
    for number in range(60):
        make_staff(f"office{number:02d}")
    db.session.commit()
    client = app.test_client()
    statuses = [sign_in(client, f"office{number:02d}", DEFAULT_PASSWORD).status_code for number in range(60)]
    assert statuses == [SIGNED_IN[sign_in]] * 60


@both_ways
def test_ten_wrong_passwords_make_the_account_wait_while_a_colleague_signs_in(make_app, sign_in):
    app = make_app()
    client = app.test_client()
    statuses = [sign_in(client, "inspector").status_code for _ in range(10)]
    assert statuses == [WRONG_PASSWORD[sign_in]] * 5 + [429] * 5

    refused = sign_in(client, "inspector")
    assert refused.status_code == 429
    assert 55 <= int(refused.headers["Retry-After"]) <= 60  # the first wait: a minute
    assert "登录失败次数过多，请1分钟后再试。" in shown(refused)
    assert sign_in(client, "colleague", DEFAULT_PASSWORD).status_code == SIGNED_IN[sign_in]


def test_the_refusal_is_the_contracts_json_error(make_app):
    client = make_app().test_client()
    for _ in range(5):
        through_api(client, "inspector")
    refused = through_api(client, "inspector")
    assert refused.status_code == 429
    assert refused.get_json() == {"error": {"code": "rate_limited", "message": "登录失败次数过多，请1分钟后再试。",
                                            "field": None}}


def test_the_wait_is_said_in_the_users_language(make_app):
    client = make_app().test_client()
    client.post("/locale/en", data={"csrf_token": csrf_token(client)})
    for _ in range(5):
        through_api(client, "inspector")
    assert through_api(client, "inspector").get_json()["error"]["message"] == (
        "Too many failed sign-ins. Please try again in 1 minute.")


def test_while_the_account_waits_even_the_right_password_is_refused_and_then_the_wait_ends(make_app):
    """Otherwise the wait would not slow a guesser down: the answer to the right password would still differ."""
    client = make_app(SIGN_IN_ACCOUNT_DELAY=1).test_client()
    for _ in range(5):
        through_api(client, "inspector")
    refused = through_api(client, "inspector", DEFAULT_PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    time.sleep(1.2)
    assert through_api(client, "inspector", DEFAULT_PASSWORD).status_code == 200


def test_each_further_failure_doubles_the_wait_up_to_the_longest(make_app):
    client = make_app(SIGN_IN_ACCOUNT_LIMIT="2 per 15 minutes", SIGN_IN_ACCOUNT_DELAY=1,
                      SIGN_IN_ACCOUNT_MAX_DELAY=2).test_client()
    waits = []
    for _ in range(3):
        if waits:
            time.sleep(int(waits[-1]) + 0.2)
        while (answer := through_api(client, "inspector")).status_code == 401:
            pass
        waits.append(answer.headers["Retry-After"])
    assert waits == ["1", "2", "2"]


@pytest.mark.parametrize(("failures", "wait"), [
    (1, 0), (4, 0), (5, 60), (6, 120), (7, 240), (8, 480), (9, 900), (10, 900), (100, 900), (10**6, 900),
])
def test_the_wait_after_each_failure_under_the_default_settings(app, failures, wait):
    from safety.auth.throttle import AccountRule
    assert AccountRule.from_config(app.config).wait_after(failures) == wait


def test_an_unknown_username_is_counted_like_a_real_one(make_app):
    """The same answers for both, so the limits do not tell which accounts exist."""
    client = make_app().test_client()
    real = [through_api(client, "inspector") for _ in range(6)]
    unknown = [through_api(client, "nobody-here") for _ in range(6)]
    assert [r.status_code for r in real] == [r.status_code for r in unknown] == [401] * 5 + [429]
    assert real[-1].get_json() == unknown[-1].get_json()
    assert real[-1].headers["Retry-After"] == unknown[-1].headers["Retry-After"]


def test_the_account_is_counted_under_its_normalised_username(make_app):
    client = make_app().test_client()
    for username in ("inspector", "Inspector", " INSPECTOR", "inspector ", "InSpEcToR"):
        assert through_api(client, username).status_code == 401
    assert through_api(client, "inspector", DEFAULT_PASSWORD).status_code == 429


def test_a_successful_sign_in_forgets_the_accounts_failures(make_app):
    client = make_app().test_client()
    for _ in range(4):
        through_api(client, "inspector")
    assert through_api(client, "inspector", DEFAULT_PASSWORD).status_code == 200
    assert [through_api(client, "inspector").status_code for _ in range(5)] == [401] * 5


def test_the_form_and_the_api_share_the_accounts_count(make_app):
    """Otherwise a guesser would double their attempts by using both."""
    client = make_app().test_client()
    for _ in range(3):
        through_api(client, "inspector")
    for _ in range(2):
        through_form(client, "inspector")
    refused = through_form(client, "inspector")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


@both_ways
def test_password_spraying_from_one_address_meets_the_address_cap(make_app, sign_in):
    """One guess on each of many accounts never reaches an account's limit; the address's failures do."""
    client = make_app(SIGN_IN_ADDRESS_LIMIT="20 per hour").test_client()
    statuses = [sign_in(client, name).status_code for name in ["inspector", "colleague"] + [f"user{n}" for n in range(18)]]
    assert statuses == [WRONG_PASSWORD[sign_in]] * 20

    refused = sign_in(client, "someone-else")
    assert refused.status_code == 429
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    assert "登录失败次数过多，请1小时后再试。" in shown(refused)
    # The address is stopped as a whole: its guesses would otherwise go on through a real colleague's name.
    assert sign_in(client, "colleague", DEFAULT_PASSWORD).status_code == 429


def test_successful_sign_ins_do_not_count_towards_the_address_cap(make_app):
    app = make_app(SIGN_IN_ADDRESS_LIMIT="3 per hour")
    client = app.test_client()
    assert [through_api(client, "inspector").status_code for _ in range(2)] == [401, 401]
    assert [through_api(client, "colleague", DEFAULT_PASSWORD).status_code for _ in range(20)] == [200] * 20
    # Nor does a success reset it: a guesser holding one account of their own cannot start the count again.
    assert through_api(client, "inspector", DEFAULT_PASSWORD).status_code == 200
    assert through_api(client, "someone").status_code == 401
    assert through_api(client, "colleague", DEFAULT_PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_phone_is_counted_apart(make_app):
    """Through nginx every request comes from 127.0.0.1: without ProxyFix all phones would share one cap."""
    client = make_app(TRUSTED_PROXY_HOPS=1, SIGN_IN_ADDRESS_LIMIT="3 per hour").test_client()
    for name in ("a", "b", "c"):
        assert through_api(client, name, address="203.0.113.7").status_code == 401
    assert through_api(client, "d", address="203.0.113.7").status_code == 429
    assert through_api(client, "d", address="198.51.100.20").status_code == 401


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_reset_the_count(make_app):
    client = make_app(SIGN_IN_ADDRESS_LIMIT="3 per hour").test_client()
    for number in range(3):
        assert through_api(client, f"user{number}", address=f"203.0.113.{number}").status_code == 401
    assert through_api(client, "user9", address="198.51.100.20").status_code == 429


def test_an_ipv6_network_counts_as_one_address(make_app):
    """A single IPv6 connection is given a whole /64 to pick addresses from: that network is its one address."""
    client = make_app(SIGN_IN_ADDRESS_LIMIT="3 per hour").test_client()

    def from_address(address: str, username: str):
        return client.post("/api/v1/session", json={"username": username, "password": WRONG},
                           environ_base={"REMOTE_ADDR": address})
    for number in range(1, 4):
        assert from_address(f"2001:db8:0:7::{number}", f"user{number}").status_code == 401
    assert from_address("2001:db8:0:7:abcd::99", "user9").status_code == 429
    assert from_address("2001:db8:0:8::1", "user9").status_code == 401


def test_switched_off_with_the_rate_limiter(client):
    """The suite's base configuration (RATELIMIT_ENABLED=False) switches the sign-in limits off too."""
    make_staff("inspector")
    db.session.commit()
    assert [through_api(client, "inspector").status_code for _ in range(30)] == [401] * 30
    assert through_api(client, "inspector", DEFAULT_PASSWORD).status_code == 200


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


def test_with_redis_the_counts_live_in_redis_for_every_worker(make_app, redis_url):
    """The failures are counted in Redis, which every gunicorn worker reads, not in one worker's memory."""
    import redis
    client = make_app(RATELIMIT_STORAGE_URI=redis_url).test_client()
    assert [through_api(client, "inspector").status_code for _ in range(5)] == [401] * 5
    assert through_api(client, "colleague", DEFAULT_PASSWORD).status_code == 200
    store = redis.Redis(unix_socket_path=redis_url.removeprefix("redis+unix://"))
    counters = {key: int(store.get(key)) for key in store.keys("*sign-in*") if store.type(key) == b"string"}
    assert sorted(counters.values()) == [1, 5, 5]  # the account's wait, its failures, the address's failures
    refused = through_api(client, "inspector", DEFAULT_PASSWORD)
    assert refused.status_code == 429 and 55 <= int(refused.headers["Retry-After"]) <= 60

    store.flushall()  # what a worker sees is what Redis holds
    assert through_api(client, "inspector", DEFAULT_PASSWORD).status_code == 200
