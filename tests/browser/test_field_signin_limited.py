"""Too many failed sign-ins: the field app's sign-in screen says how long to wait, in the app's language."""
import pytest
from playwright.sync_api import expect

from tests.browser.field_helpers import TIMEOUT_MS, field_world, tr
from tests.conftest import running_app


@pytest.fixture
def app(database_url, tmp_path):
    """The suite's app with the sign-in limits on: two free failures, then three minutes' wait."""
    with running_app(database_url, tmp_path, RATELIMIT_ENABLED=True, SIGN_IN_ACCOUNT_LIMIT="2 per 15 minutes",
                     SIGN_IN_ACCOUNT_DELAY=180) as app:
        yield app


def three_wrong_passwords(page, say=tr):
    """Sign in with a wrong password three times; answers the alert that shows what went wrong."""
    page.get_by_label(say("Username")).fill("li.inspector")
    page.get_by_label(say("Password")).fill("not-the-password")
    alert = page.get_by_role("alert")
    # The button stays disabled while a sign-in is under way, so each click waits for the answer before it.
    for _ in range(2):
        page.get_by_role("button", name=say("Sign in")).click()
        expect(alert).to_have_text("用户名或密码错误。", timeout=TIMEOUT_MS)  # the server's own message
    page.get_by_role("button", name=say("Sign in")).click()
    return alert


def test_the_sign_in_screen_says_how_long_to_wait(live_server, page):
    field_world()
    page.goto(live_server.url + "/app/")
    alert = three_wrong_passwords(page)
    expect(alert).to_have_text(tr("Too many failed sign-ins. Please try again in %(wait)s.", wait="3分钟"),
                               timeout=TIMEOUT_MS)


def test_the_wait_is_said_in_the_apps_language_whatever_the_servers(live_server, page):
    """Before sign-in the server knows nothing of the app's language and answers in Chinese."""
    field_world()
    page.goto(live_server.url + "/app/")
    page.evaluate("async () => (await import('/static/js/store/meta.js')).setMeta('locale', 'en')")
    page.reload()
    alert = three_wrong_passwords(page, say=lambda msgid: msgid)
    expect(alert).to_have_text("Too many failed sign-ins. Please try again in 3 minutes.", timeout=TIMEOUT_MS)
