"""The home screen's enterprise search: by code (an exact code first), a phone screen's worth, and how many more."""
from playwright.sync_api import expect

from safety.extensions import db
from tests.browser.field_helpers import TIMEOUT_MS, field_world, sign_in, tr, wait_for_sync
from tests.factories import make_enterprise

LETTERS = "ZYXWVUTSRQPONM"


def test_results_are_ordered_by_code_exact_code_first_and_say_how_many_more(live_server, page):
    world = field_world(items=1)
    # Named so that the names sort the other way round from the codes.
    for n, letter in enumerate(LETTERS):
        make_enterprise(grid=world["grid"], code=f"ZX-01{n:02d}", name=f"{letter} 工贸有限公司")
    make_enterprise(grid=world["grid"], code="ZX-01", name="Zz 五金厂")
    db.session.commit()
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)

    page.get_by_label(tr("Find an enterprise by code or name")).fill("zx-01")
    codes = page.locator(".results a .muted")
    expect(codes).to_have_count(10, timeout=TIMEOUT_MS)
    assert [code.strip() for code in codes.all_inner_texts()] == ["ZX-01"] + [f"ZX-01{n:02d}" for n in range(9)]
    expect(page.locator(".results .more-results")).to_have_text(
        tr("%(count)s more match: type more of the code or name.", count=len(LETTERS) + 1 - 10))

    # Narrowed down: everything fits, nothing more to say.
    page.get_by_label(tr("Find an enterprise by code or name")).fill("ZX-011")
    expect(codes).to_have_count(4)
    assert [code.strip() for code in codes.all_inner_texts()] == ["ZX-0110", "ZX-0111", "ZX-0112", "ZX-0113"]
    expect(page.locator(".results .more-results")).to_have_count(0)
