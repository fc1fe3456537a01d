"""The in-app scanner reads enterprise QR labels from the camera (Chromium's fake camera plays a QR video)."""
from playwright.sync_api import expect

from tests.browser.field_helpers import (TIMEOUT_MS, camera_page, field_world, qr_video, sign_in, tr, wait_for_sync,
                                         wait_for_worker)


def test_scanner_reads_our_label_offline_and_opens_the_enterprise(live_server, browser_type, tmp_path):
    world = field_world()
    code = world["enterprise"].code
    browser, page = camera_page(browser_type, qr_video(tmp_path, f"{live_server.url}/e/{code}"))
    try:
        sign_in(page, live_server.url, "li.inspector")
        wait_for_sync(page)
        wait_for_worker(page)
        # Offline: the decoder and its WebAssembly come from the service worker's cache.
        page.context.set_offline(True)
        page.get_by_role("link", name=tr("Scan QR code")).click()
        expect(page.locator("#main").get_by_role("heading", name="宏达机械有限公司")).to_be_visible(timeout=TIMEOUT_MS)
        assert page.url.endswith(f"/app/enterprise/{code}")
        expect(page.locator(".identified")).to_have_attribute("data-identified-by", "qr")
    finally:
        browser.close()


def test_scanner_says_plainly_when_a_code_is_not_ours(live_server, browser_type, tmp_path):
    field_world()
    browser, page = camera_page(browser_type, qr_video(tmp_path, "https://example.com/e/E10001"))
    try:
        sign_in(page, live_server.url, "li.inspector")
        wait_for_sync(page)
        page.get_by_role("link", name=tr("Scan QR code")).click()
        expect(page.locator(".scanner-status")).to_have_text(
            tr("This QR code is not one of ours: %(text)s", text="https://example.com/e/E10001"), timeout=TIMEOUT_MS)
        assert page.url.endswith("/app/scan")
    finally:
        browser.close()


def test_scanner_says_when_an_enterprise_is_not_in_the_users_area(live_server, browser_type, tmp_path):
    world = field_world()
    other = world["other_enterprise"].code
    browser, page = camera_page(browser_type, qr_video(tmp_path, f"{live_server.url}/e/{other}"))
    try:
        sign_in(page, live_server.url, "li.inspector")
        wait_for_sync(page)
        page.get_by_role("link", name=tr("Scan QR code")).click()
        expect(page.locator(".scanner-status")).to_have_text(tr(
            "Enterprise %(code)s is not in your area, or has not been downloaded to this phone yet.", code=other),
            timeout=TIMEOUT_MS)
    finally:
        browser.close()
