"""The back office in a real browser: sign in, find the way, offline shell for its assets."""
import re

from playwright.sync_api import expect

from safety.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_sign_in_in_chinese_and_switch_to_english(live_server, page):
    make_user("admin", username="boss", display_name="王主任")
    db.session.commit()
    sign_in(page, live_server.url, "boss")
    expect(page.get_by_role("heading", name="王主任，您好")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Welcome, 王主任")).to_be_visible()


def test_wrong_password_is_shown_at_the_form(live_server, page):
    make_user("admin", username="boss")
    db.session.commit()
    page.goto(live_server.url + "/login")
    page.get_by_label("用户名").fill("boss")
    page.get_by_label("密码").fill("wrong-password-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")


def test_phone_menu_opens_from_the_toggle(live_server, page):
    make_user("admin", username="boss")
    db.session.commit()
    sign_in(page, live_server.url, "boss")
    menu = page.locator(".mainnav")
    expect(menu).to_be_hidden()
    page.locator(".nav-toggle-label").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="退出登录")).to_be_visible()


def test_service_worker_precaches_the_back_office_assets(live_server, page):
    make_user("admin", username="boss")
    db.session.commit()
    sign_in(page, live_server.url, "boss")
    # ready resolves once a worker is active, and activation waits for install's addAll.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate("""async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
        }
        return {names, urls};
    }""")
    assert any(re.match(r"safety-shell-[0-9a-f]{16}$", name) for name in cached["names"])
    assert "/static/css/office.css" in cached["urls"]
    assert "/static/js/office.js" in cached["urls"]
