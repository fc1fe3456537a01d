"""The field app opens with no network: shell from the service worker, data from IndexedDB."""
from playwright.sync_api import expect

from tests.browser.field_helpers import (TIMEOUT_MS, field_world, go_offline_and_reload, sign_in, tr, wait_for_sync,
                                         wait_for_worker)


def test_app_opens_offline_and_an_enterprise_label_link_works(live_server, page):
    world = field_world()
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)

    go_offline_and_reload(page)
    expect(page.get_by_text(tr("Hello, %(name)s", name="李检查"))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".topbar-sync.sync-offline")).to_be_visible()

    page.goto(f"{live_server.url}/e/{world['enterprise'].code}")
    expect(page.locator("#main").get_by_role("heading", name="宏达机械有限公司")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".identified")).to_have_attribute("data-identified-by", "qr")
    assert page.url.endswith(f"/app/enterprise/{world['enterprise'].code}")
