"""An enterprise's QR link opened on a phone that has not synced yet: the enterprise appears as soon as the first
pull lands, without a reload."""
from playwright.sync_api import expect

from tests.browser.field_helpers import TIMEOUT_MS, field_world, sign_in, tr, wait_for_sync


def test_the_enterprise_appears_when_the_first_pull_lands(live_server, page):
    world = field_world(items=1)
    code = world["enterprise"].code
    held = []  # the first pull, held back until the screen has said the enterprise is not on the phone
    page.route("**/api/v1/sync/pull*", lambda route: held.append(route))

    sign_in(page, live_server.url, "li.inspector", path=f"/e/{code}")
    notice = page.get_by_text(tr("Enterprise %(code)s is not in your area, or has not been downloaded to this "
                                 "phone yet.", code=code))
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('.topbar-sync') !== null")
    assert held, "the first pull should be under way"

    for route in held:
        route.continue_()
    page.unroute("**/api/v1/sync/pull*")
    wait_for_sync(page)
    expect(page.locator("#main h2").first).to_have_text("宏达机械有限公司", timeout=TIMEOUT_MS)
    expect(notice).to_be_hidden()
    expect(page.get_by_role("button", name=tr("Start inspection"))).to_be_visible()
