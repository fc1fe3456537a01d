"""Real-browser fixtures: the app served on loopback, driven by Debian's Chromium.

Recipe: ../shared/TESTING.md. Playwright's own browser download does not work on
these machines, so the suite points Playwright at /usr/bin/chromium; `make test`
installs it and fails loudly when it cannot.
"""
import shutil

import pytest

from tests.livehttp import start_server, stop_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which("chromium") and not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "zh-CN", "service_workers": "allow"}


class LiveServer:
    """The app on 127.0.0.1 (a secure context, so service workers run); can be stopped and restarted
    on the same port to test a server that goes away during sync."""

    def __init__(self, app):
        self.app = app
        self.port = 0
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server = start_server(self.app, self.port)
        self.port = self._server.server_port

    def stop(self) -> None:
        if self._server is not None:
            stop_server(self._server)
            self._server = None


@pytest.fixture
def live_server(app):
    # The server answers on 127.0.0.1, not the test client's "localhost".
    app.config["SERVER_NAME"] = None
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _phone_server_serving(request):
    """Each WebKit journey starts with its module's server serving: one that failed while the server was stopped
    (offline steps stop it) would otherwise fail the journeys after it for that reason alone."""
    if "phone_server" in request.fixturenames:
        server = request.getfixturevalue("phone_server")
        if not server.running:
            server.start()
