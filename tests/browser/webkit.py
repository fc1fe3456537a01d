"""The field app in WebKit, the engine of every browser on an iPhone: WebKitGTK's MiniBrowser driven through
WebKitWebDriver (W3C WebDriver, via Selenium) on an Xvfb display, at phone size.

Recipe: ../shared/TESTING.md, "The Safari engine (WebKit)". `make test` installs `webkit2gtk-driver` and `xvfb`;
when either is missing or WebKit does not start, the fixtures fail with the reason, they never skip.

WebDriver has no offline switch: ``PhoneServer`` is the app on 127.0.0.1 that a test stops and starts again on
the same port (the same origin, so the same service worker and IndexedDB), a real outage as a basement gives one.

A test module imports the fixtures it uses (``xvfb_display`` is the session's display; ``webkit_app``,
``phone_server`` and ``phone`` are one app, one server and one WebKit per module, shared by its journeys):

    from tests.browser.webkit import phone, phone_server, webkit_app, xvfb_display  # noqa: F401 (fixtures)
"""
import glob
import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
from werkzeug.serving import make_server

from tests.browser.field_helpers import tr
from tests.conftest import running_app
from tests.factories import DEFAULT_PASSWORD

WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = next(iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))),
                   "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
PHONE = (390, 844)
# An inspector's phone speaks Chinese: navigator.language is zh-CN and a date field reads year, month, day.
# (Under the C locale WebKitGTK would report the invalid language tag "C".) `make test` generates the locale.
PHONE_LOCALE = "zh_CN.UTF-8"
TIMEOUT_S = 30
PULL = "/api/v1/sync/pull"


# --- the display, the browser, the server ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def xvfb_display(tmp_path_factory):
    """An Xvfb display for the session (``:N``), phone-sized; nothing is asked of the machine's own DISPLAY."""
    if not shutil.which("Xvfb"):
        pytest.fail("Xvfb is not installed (Debian package `xvfb`): run `make test`, which installs it.")
    log = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    read_end, write_end = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it here once it accepts clients.
    with open(log, "wb") as log_file:
        process = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                                    f"{PHONE[0]}x{PHONE[1]}x24", "-nolisten", "tcp", "-noreset"],
                                   pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=log_file)
    os.close(write_end)
    number = b""
    try:
        while not number.endswith(b"\n"):
            chunk = os.read(read_end, 16)
            if not chunk:
                break
            number += chunk
    finally:
        os.close(read_end)
    if not number.strip():
        process.kill()
        process.wait()
        pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')[-2000:]}")
    yield f":{number.decode().strip()}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_webkit(display: str):
    """A MiniBrowser on ``display`` under WebKitWebDriver, its page 390×844 CSS pixels; fails with the reason."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service
    except ImportError as err:
        pytest.fail(f"selenium is not installed ({err}): run `make test`, which installs requirements-dev.txt.")
    for path, package in ((WEBKIT_DRIVER, "webkit2gtk-driver"), (MINIBROWSER, "webkit2gtk-driver")):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing (Debian package `{package}`): run `make test`, which installs it.")
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split()
    if PHONE_LOCALE.lower().replace("utf-8", "utf8") not in locales:
        pytest.fail(f"the {PHONE_LOCALE} locale is missing: run `make test`, which generates it.")
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    # Full-screen drops MiniBrowser's toolbar, whose buttons keep the window at least 447 px wide; with no window
    # manager the window keeps the size WebDriver sets, so the page is exactly the phone's 390×844.
    options.add_argument("--full-screen")
    # GTK's own input method: under a Chinese locale the default one drops the Shift of typed capitals.
    environment = {**os.environ, "DISPLAY": display, "LANG": PHONE_LOCALE, "LC_ALL": "",
                   "GTK_IM_MODULE": "gtk-im-context-simple"}
    # WEBKIT_LOG=path keeps what the driver and the browser print (WEBKIT_SCREENSHOTS=dir: a screenshot of a wait
    # that timed out).
    service = Service(executable_path=WEBKIT_DRIVER, env=environment,
                      log_output=os.environ.get("WEBKIT_LOG") or subprocess.DEVNULL)
    try:
        driver = webdriver.WebKitGTK(options=options, service=service)
    except WebDriverException as err:
        pytest.fail(f"WebKit did not start under WebKitWebDriver on {display}: {err.msg or err}")
    driver.set_window_rect(width=PHONE[0], height=PHONE[1])
    driver.set_script_timeout(TIMEOUT_S)
    driver.get("about:blank")
    language = driver.execute_script("return navigator.language")
    if language != "zh-CN":
        driver.quit()
        pytest.fail(f"WebKit speaks {language!r}, not zh-CN: is the {PHONE_LOCALE} locale generated?")
    return driver


class PhoneServer:
    """The app on 127.0.0.1 (a secure context: service workers run) that the test stops and starts on one port.

    Stopping closes the listening socket and every open connection: a kept-alive connection would otherwise go
    on answering the page from a server that is supposed to be gone.
    """

    def __init__(self, app):
        self.app = app
        self.port = 0
        self._server = None
        self._connections = set()
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request the server answered

    def _recording(self, environ, start_response):
        with self._lock:
            self.requests.append((environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")))
        return self.app(environ, start_response)

    def count(self, method: str, path_prefix: str) -> int:
        """How many ``method`` requests for paths starting with ``path_prefix`` reached the server."""
        with self._lock:
            return sum(1 for seen in self.requests if seen[0] == method and seen[1].startswith(path_prefix))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        server = make_server("127.0.0.1", self.port, self._recording, threaded=True)
        server.block_on_close = True  # socketserver keeps its request threads, so stop() can wait for them
        accept = server.get_request

        def get_request():
            connection, address = accept()
            with self._lock:
                self._connections.add(connection)
            return connection, address

        server.get_request = get_request
        server.serve_thread = threading.Thread(target=server.serve_forever, daemon=True)
        server.serve_thread.start()
        self._server = server
        self.port = server.server_port

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.serve_thread.join(timeout=10)
        server.socket.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its request thread
        # Request threads end once their connection is gone; none may still hold a database connection.
        for thread in list(vars(server).get("_threads", []) or []):
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def webkit_app(database_url, tmp_path_factory):
    """One app for the module's journeys (its tables emptied afterwards); served on 127.0.0.1, not 'localhost'."""
    with running_app(database_url, tmp_path_factory.mktemp("webkit"), SERVER_NAME=None) as app:
        yield app


@pytest.fixture(scope="module")
def phone_server(webkit_app):
    server = PhoneServer(webkit_app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def phone(xvfb_display):
    """One WebKit for the module's journeys: its storage (IndexedDB, the service worker) lasts as long."""
    driver = start_webkit(xvfb_display)
    yield Phone(driver)
    driver.quit()


# --- driving the field app -----------------------------------------------------------------------------------------

def _xpath_text(text: str) -> str:
    """``text`` as an XPath string literal (it may hold either kind of quote)."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in text.split('"')) + ")"


class Phone:
    """The field app in WebKit, found by what the inspector sees (``tr()``: the Chinese text of a msgid)."""

    def __init__(self, driver):
        self.driver = driver

    # pages and waiting

    def get(self, url: str) -> None:
        self.driver.get(url)

    def reload(self) -> None:
        self.driver.refresh()

    @property
    def path(self) -> str:
        return self.js("return location.pathname")

    def wait(self, condition, what: str, timeout: float = TIMEOUT_S):
        """Until ``condition()`` is truthy (exceptions count as not yet); answers its value."""
        deadline = time.monotonic() + timeout
        last_error = None
        while True:
            try:
                value = condition()
                if value:
                    return value
            except Exception as err:  # noqa: BLE001 - a stale or missing element is "not yet"
                last_error = err
            if time.monotonic() > deadline:
                self.screenshot_on_failure(what)
                raise AssertionError(f"WebKit: still waiting after {timeout:.0f} s for {what}"
                                     + (f" (last error: {last_error})" if last_error else "")
                                     + f"; page {self.js('return location.href')}; what it reaches: {self.page_health()}")
            time.sleep(0.1)

    # What the page can still reach when a wait timed out: the server, each IndexedDB store (a store locked by a
    # transaction that never ends answers nothing), the service worker.
    _HEALTH = """
        const done = arguments[arguments.length - 1];
        const health = {};
        const within = (name, promise) => Promise.race([
          promise.then((value) => { health[name] = String(value); }, (err) => { health[name] = `error ${err}`; }),
          new Promise((resolve) => setTimeout(() => { health[name] = health[name] || 'no answer in 4 s'; resolve(); }, 4000))]);
        const stores = new Promise((resolve) => {
          const opening = indexedDB.open('safety-field');
          opening.onerror = () => { health.idb = `error ${opening.error}`; resolve(); };
          opening.onsuccess = () => {
            const db = opening.result;
            Promise.all([...db.objectStoreNames].map((name) => within(`store ${name}`, new Promise((ok, ko) => {
              const counting = db.transaction(name).objectStore(name).count();
              counting.onsuccess = () => ok(counting.result);
              counting.onerror = () => ko(counting.error);
            })))).then(() => { db.close(); resolve(); });
          };
        });
        Promise.all([
          within('GET /api/v1/session', fetch('/api/v1/session', { cache: 'no-store' }).then((r) => r.status)),
          within('service worker', navigator.serviceWorker.ready.then((r) => r.active && r.active.state)),
          stores,
        ]).then(() => done(JSON.stringify(health)));
    """

    def page_health(self) -> str:
        try:
            return self.driver.execute_async_script(self._HEALTH)
        except Exception as err:  # noqa: BLE001 - a diagnosis must not hide the failure it explains
            return f"(not measurable: {err})"

    def screenshot_on_failure(self, what: str) -> None:
        directory = os.environ.get("WEBKIT_SCREENSHOTS")
        if directory:
            os.makedirs(directory, exist_ok=True)
            self.driver.save_screenshot(os.path.join(directory, f"{time.time():.0f}-{what[:40]}.png".replace("/", "_")))

    # elements

    def find_all(self, css: str, scope=None) -> list:
        from selenium.webdriver.common.by import By
        return (scope or self.driver).find_elements(By.CSS_SELECTOR, css)

    def visible(self, css: str, scope=None) -> list:
        return [element for element in self.find_all(css, scope) if element.is_displayed()]

    def shown(self, css: str, scope=None, timeout: float = TIMEOUT_S):
        """The first visible element matching ``css``, once there is one."""
        return self.wait(lambda: (self.visible(css, scope) or [None])[0], f"a visible {css}", timeout)

    def gone(self, css: str, timeout: float = TIMEOUT_S) -> None:
        self.wait(lambda: not self.visible(css), f"no visible {css}", timeout)

    def count(self, css: str, expected: int, scope=None, timeout: float = TIMEOUT_S) -> list:
        """Until exactly ``expected`` elements match ``css``; answers them."""
        found = {}

        def check():
            found["elements"] = self.find_all(css, scope)
            return len(found["elements"]) == expected

        self.wait(check, f"{expected} × {css}", timeout)
        return found["elements"]

    def with_text(self, tag: str, text: str, scope=None):
        """The visible ``<tag>`` whose whole text is ``text`` (a button's or a link's name), or None."""
        from selenium.webdriver.common.by import By

        xpath = f".//{tag}[normalize-space(.)={_xpath_text(text)}]"
        return next((element for element in (scope or self.driver).find_elements(By.XPATH, xpath)
                     if element.is_displayed()), None)

    def by_text(self, tag: str, text: str, scope=None):
        return self.wait(lambda: self.with_text(tag, text, scope), f"a visible <{tag}> '{text}'")

    def text_of(self, css: str):
        """The text of the first element matching ``css`` now (None when there is none): safe while screens
        re-render, which a held element is not."""
        return self.js("const element = document.querySelector(arguments[0]);"
                       " return element ? element.innerText.trim() : null;", css)

    def attribute_of(self, css: str, name: str):
        """An attribute of the first element matching ``css`` now (None when there is none)."""
        return self.js("const element = document.querySelector(arguments[0]);"
                       " return element ? element.getAttribute(arguments[1]) : null;", css, name)

    def text_shown(self, text: str, timeout: float = TIMEOUT_S) -> None:
        self.wait(lambda: text in self.js("return document.body.innerText"), f"the text '{text}'", timeout)

    def tap(self, element) -> None:
        """Scroll ``element`` to the middle of the screen (clear of the sticky bars) and click it."""
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def tap_css(self, css: str, scope=None) -> None:
        """Tap the first visible element matching ``css``, found afresh on each try: a list that re-renders (the
        finish screen's documents after a save, a screen after a sync) replaces it between finding and tapping."""
        def tapped():
            self.tap(self.visible(css, scope)[0])  # none yet, or replaced meanwhile: raises, and is tried again
            return True

        self.wait(tapped, f"a visible {css} to tap")

    def _tap_text(self, tag: str, text: str, scope=None) -> None:
        # Found afresh on each try: screens re-render (a sync finishing), which replaces their buttons.
        def tapped():
            element = self.with_text(tag, text, scope)
            if element is None or not element.is_enabled():
                return False
            self.tap(element)
            return True

        self.wait(tapped, f"an enabled <{tag}> '{text}' to tap")

    def tap_button(self, text: str, scope=None) -> None:
        self._tap_text("button", text, scope)

    def tap_link(self, text: str, scope=None) -> None:
        self._tap_text("a", text, scope)

    def field(self, label: str, scope=None):
        """The form control that the visible ``<label>`` reading ``label`` names (``for`` or nesting)."""
        from selenium.webdriver.common.by import By

        element = self.by_text("label", label, scope)
        target = element.get_attribute("for")
        if target:
            return self.driver.find_element(By.ID, target)
        return element.find_element(By.CSS_SELECTOR, "input, textarea, select")

    def fill(self, label: str, value: str, scope=None) -> None:
        """Type ``value`` into the control labelled ``label``, as the on-screen keyboard would."""
        control = self.field(label, scope)
        self.js("arguments[0].scrollIntoView({block: 'center'})", control)
        control.clear()
        control.send_keys(value)
        assert control.get_attribute("value") == value, (label, control.get_attribute("value"), value)

    def fill_date(self, label: str, iso: str, scope=None) -> None:
        """Type the date ``iso`` (YYYY-MM-DD) into a date field as a keyboard would: WebKit's field has a part
        for year, month and day, in the order of the browser's locale, and a separator moves to the next part."""
        control = self.field(label, scope)
        self.js("arguments[0].scrollIntoView({block: 'center'})", control)
        order = self.js("return new Intl.DateTimeFormat(navigator.language, {year: 'numeric', month: '2-digit',"
                        " day: '2-digit'}).formatToParts(new Date(2000, 0, 2))"
                        ".filter((part) => part.type !== 'literal').map((part) => part.type)")
        year, month, day = iso.split("-")
        control.clear()
        control.send_keys("-".join({"year": year, "month": month, "day": day}[part] for part in order))
        self.wait(lambda: control.get_attribute("value") == iso, f"'{label}' to read {iso}")

    def choose(self, label: str, scope=None) -> None:
        """Tick the radio button or checkbox whose label reads ``label``."""
        control = self.field(label, scope)
        self.tap(self.by_text("label", label, scope))
        self.wait(lambda: control.is_selected(), f"'{label}' chosen")

    def add_photo(self, strip, path: str, expected: int) -> None:
        """Take a photo: the file goes to the strip's ``<input type=file>`` as the camera would hand it over."""
        strip.find_element("css selector", "input[type=file]").send_keys(path)
        self.count(".thumb", expected, scope=strip)
        self.wait(lambda: self.js("return arguments[0].dataset.count", strip) == str(expected), "the photo stored")

    def sign(self, pad_id: str) -> None:
        """Draw a signature on the pad with the pointer (pointer events, as a finger) and confirm it."""
        from selenium.webdriver.common.action_chains import ActionChains

        canvas = self.shown(f"#{pad_id} canvas")
        self.js("arguments[0].scrollIntoView({block: 'center'})", canvas)
        width = canvas.size["width"]
        strokes = ActionChains(self.driver).move_to_element_with_offset(canvas, -width // 3, 0).click_and_hold()
        for step in range(1, 12):
            strokes.move_by_offset(20, 20 if step % 2 else -20)
        strokes.release().perform()
        pad = self.shown(f"#{pad_id}")
        self.tap_button(tr("Confirm signature"), pad)
        self.wait(lambda: pad.get_attribute("data-signed") == "true", f"{pad_id} signed")

    # the page's own state

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def run(self, body: str, *args):
        """Run ``body`` as an async function of ``args`` in the page; answers what it returns (JSON)."""
        answer = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"(async (...args) => {{ {body} }})(...Array.from(arguments).slice(0, -1))"
            ".then((value) => done({value}), (error) => done({error: String(error && error.stack || error)}));",
            *args)
        if "error" in answer:
            raise AssertionError(f"in WebKit: {answer['error']}")
        return answer.get("value")

    def idb_all(self, store: str) -> list:
        """Every record of an IndexedDB store of the app. An image comes back as ``{size, type, sha256}`` of its
        bytes, whether the engine kept it as a Blob or (where it refuses Blobs) as the bytes."""
        return self.run(_READ_STORE, store)

    def idb_count(self, store: str) -> int:
        return self.run(_OPEN + "const n = await req(db.transaction(store).objectStore(store).count());"
                        " db.close(); return n;", store)

    def wait_for_count(self, store: str, expected: int, timeout: float = TIMEOUT_S) -> None:
        self.wait(lambda: self.idb_count(store) == expected, f"{expected} records in IndexedDB '{store}'", timeout)

    def worker_controls(self) -> None:
        """Until the service worker controls the page (its install precached the whole shell)."""
        self.wait(lambda: self.js("return Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)"),
                  "the service worker to control the page")

    def synced(self, server: PhoneServer, pulls_before: int, timeout: float = TIMEOUT_S) -> None:
        """Until a sync completed after ``pulls_before`` pulls had reached ``server`` (a sync sends the outbox, then
        pulls) and the top bar says so. The phone's own record of its last sync counts seconds only."""
        self.wait(lambda: server.count("GET", PULL) > pulls_before and self.visible(".topbar-sync.sync-idle"),
                  "a completed sync", timeout)

    def sync_now(self, server: PhoneServer) -> None:
        """Tap the outbox screen's Sync now, until that sync completed."""
        pulls = server.count("GET", PULL)
        self.tap_button(tr("Sync now"))
        self.synced(server, pulls)

    def sign_in(self, username: str, password: str = DEFAULT_PASSWORD) -> None:
        """Through the app's own sign-in screen."""
        self.fill(tr("Username"), username)
        self.fill(tr("Password"), password)
        self.tap_button(tr("Sign in"))


_OPEN = """
    const [store] = args;
    const req = (request) => new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    const db = await req(indexedDB.open('safety-field'));
"""

_READ_STORE = _OPEN + """
    const rows = await req(db.transaction(store).objectStore(store).getAll());
    db.close();
    const hex = async (buffer) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))]
        .map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const plain = async (value) => {
        if (value instanceof Blob) {
            return {size: value.size, type: value.type, sha256: await hex(await value.arrayBuffer())};
        }
        if (value instanceof ArrayBuffer) return {size: value.byteLength, sha256: await hex(value)};
        if (Array.isArray(value)) return Promise.all(value.map(plain));
        if (value && typeof value === 'object') {
            const out = {};
            for (const [key, item] of Object.entries(value)) out[key] = await plain(item);
            return out;
        }
        return value;
    };
    return Promise.all(rows.map(plain));
"""

