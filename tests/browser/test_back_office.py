"""The back office in a real browser: sign in, find the way, offline shell for its assets."""
import re

from playwright.sync_api import expect

from safety.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_enterprise, make_grid, make_user


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


def test_enterprise_list_on_a_phone_is_cards_to_search_call_and_open(live_server, page):
    grid = make_grid(code="N1", name="北区")
    make_enterprise(grid=grid, code="E20001", name="华东钢铁集团长三角精密机械制造有限公司第二分公司",
                    contact_person="陈经理", contact_phone="13912345678")
    make_enterprise(grid=grid, code="E20002", name="南方化工有限公司", sector="chemicals", supervision_class="A")
    make_user("supervisor", username="chief")
    db.session.commit()
    sign_in(page, live_server.url, "chief")

    page.goto(live_server.url + "/enterprises/")
    cards = page.locator("tr.enterprise-row")
    expect(cards).to_have_count(2)
    expect(page.locator("table.enterprise-list thead")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Each card says what a header would have: the labels come with the values.
    steel = cards.filter(has_text="E20001")
    expect(steel.locator("td.grid")).to_have_text(re.compile("^北区"))
    assert steel.locator("td.grid").evaluate("cell => getComputedStyle(cell, '::before').content") == '"网格"'
    box = steel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    expect(steel.get_by_role("link", name="13912345678")).to_have_attribute("href", "tel:13912345678")

    page.get_by_label("搜索").fill("化工")
    page.get_by_role("button", name="搜索").click()
    expect(cards).to_have_count(1)
    cards.first.get_by_role("link", name="南方化工有限公司").click()
    expect(page.get_by_role("heading", name="南方化工有限公司")).to_be_visible()


def _fits_the_phone(page, selector: str) -> None:
    """Nothing of ``selector`` reaches past the phone's width, and no list scrolls sideways."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)")
    for box in [element.bounding_box() for element in page.locator(selector).all()]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box


def test_the_sectors_on_a_phone_show_each_key_whole(live_server, page):
    make_user("admin", username="root")
    db.session.commit()
    sign_in(page, live_server.url, "root")
    page.goto(live_server.url + "/sectors/")
    expect(page.locator("table.sectors thead")).to_be_hidden()
    _fits_the_phone(page, "table.sectors td.key code")
    materials = page.locator('tr[data-sector="building_materials"]')
    expect(materials.locator("td.key")).to_have_text("building_materials")
    expect(materials.locator("td.status")).to_be_visible()


def test_an_enterprise_s_file_reads_on_a_phone(live_server, page):
    from datetime import timedelta

    from safety.common.office_time import office_today
    from tests.factories import make_campaign, make_hazard, make_inspection, make_task, make_template
    grid = make_grid(code="N1", name="北区")
    firm = make_enterprise(grid=grid, code="E20001", name="华东钢铁集团长三角精密机械制造有限公司第二分公司")
    inspector = make_user("inspector", username="ann", grids=[grid], display_name="安")
    make_user("supervisor", username="chief")
    campaign = make_campaign(code="2026-ZX-01", name="冶金工贸行业粉尘涉爆企业安全生产专项整治行动")
    task = make_task(campaign, firm, [inspector], due_on=office_today() - timedelta(days=3))
    inspection = make_inspection(firm, inspector, make_template().latest, kind="campaign", task_id=task.id)
    make_hazard(firm, inspection_id=inspection.id, description="除尘系统未设置泄爆装置，" * 6,
                deadline=inspection.finished_at.date() - timedelta(days=3))
    db.session.commit()
    sign_in(page, live_server.url, "chief")
    page.goto(live_server.url + "/enterprises/E20001")
    expect(page.locator("tr[data-hazard]")).to_have_count(1)
    expect(page.locator("table.hazard-list thead")).to_be_hidden()
    _fits_the_phone(page, "table.file-list tbody tr")
    expect(page.locator("tr[data-task] td.side")).to_have_text("已完成")  # the inspection made for it fulfils it
