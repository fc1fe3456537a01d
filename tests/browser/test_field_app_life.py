"""The app's life on a phone: updates wait for the inspector, signing out keeps unsent work."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Inspection
from tests.browser.field_helpers import (TIMEOUT_MS, answer_current, field_world, idb_all, one_item_inspection,
                                         open_enterprise_by_search, sign_in, signed_in_offline, start_inspection, tr,
                                         wait_for_sync, wait_for_worker, wait_until)
from tests.factories import DEFAULT_PASSWORD

CACHE_NAMES = "caches.keys().then((names) => names.filter((name) => name.startsWith('safety-shell-')))"


def test_update_waits_for_the_inspectors_tap_and_keeps_the_open_draft(app, live_server, page, tmp_path):
    field_world(items=2)
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    answer_current(page, "Pass")
    [old_cache] = page.evaluate(f"() => {CACHE_NAMES}")
    page.evaluate("window.notReloaded = true")

    # A deploy: a page source of the shell changes, so the worker script (and its version) changes.
    release = tmp_path / "release.txt"
    release.write_text("2")
    app.config["SHELL_SOURCES"] = app.config["SHELL_SOURCES"] + (str(release),)
    page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => registration.update())")

    toast = page.locator(".toast").filter(has_text=tr("Update available — reload"))
    expect(toast).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.notReloaded === true")  # nothing reloads under the open draft by itself
    expect(toast).to_have_count(1)  # one toast per new version, not one per way of hearing of it
    # "Later" puts it off (it covers the checklist's bottom buttons); the next start offers it again.
    toast.get_by_role("button", name=tr("Later")).click()
    expect(toast).to_have_count(0)
    page.reload()
    expect(page.locator(".item-card")).to_have_attribute("data-state", "pass", timeout=TIMEOUT_MS)
    expect(toast).to_be_visible(timeout=TIMEOUT_MS)
    page.evaluate("window.notReloaded = true")
    toast.get_by_role("button", name=tr("Reload")).click()

    page.wait_for_function("() => window.notReloaded === undefined", timeout=TIMEOUT_MS)
    expect(page.locator(".item-card")).to_have_attribute("data-state", "pass", timeout=TIMEOUT_MS)
    wait_until(page, f"() => {CACHE_NAMES}.then((names) => names.length === 1 && names[0] !== '{old_cache}')")


def test_signing_out_with_unsent_records_warns_and_keeps_them(live_server, page, tmp_path):
    signed_in_offline(page, live_server.url)
    one_item_inspection(page, tmp_path)

    page.locator(".tabbar").get_by_role("link", name=tr("Settings")).click()
    page.get_by_role("button", name=tr("Sign out"), exact=True).click()
    warning = page.locator(".sign-out-warning")
    expect(warning).to_contain_text(tr(
        "%(count)s finished inspections have not been sent yet. They stay on this phone and are sent when you "
        "sign in again.", count=1))
    warning.get_by_role("button", name=tr("Sign out anyway")).click()
    expect(page.get_by_label(tr("Password"))).to_be_visible()
    assert len(idb_all(page, "outbox")) == 1

    page.context.set_offline(False)
    page.get_by_label(tr("Username")).fill("li.inspector")
    page.get_by_label(tr("Password")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=tr("Sign in")).click()
    wait_for_sync(page)
    expect(page.locator(".outbox-link")).to_have_text(tr("Outbox: %(count)s waiting", count=0), timeout=TIMEOUT_MS)
    assert idb_all(page, "outbox") == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Inspection)) == 1
