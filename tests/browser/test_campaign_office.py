"""The campaign pages in a real browser at phone size: a supervisor plans a random check, counts its scope,
starts it, makes the draw and reads the published list."""
import re

from playwright.sync_api import expect

from safety.common.office_time import office_today
from safety.extensions import db
from tests.browser.test_back_office import sign_in
from tests.factories import make_enterprise, make_grid, make_user


def test_a_supervisor_plans_and_draws_a_random_check_on_a_phone(live_server, page):
    north, south = make_grid(code="N1", name="北区"), make_grid(code="S1", name="南区")
    for n in range(6):
        make_enterprise(grid=north if n % 2 else south, code=f"E{n + 1:03d}")
    make_user("inspector", username="ann", grids=[north], display_name="安")
    make_user("inspector", username="cat", grids=[south], display_name="凯")
    make_user("supervisor", username="chief", display_name="王主任")
    db.session.commit()
    sign_in(page, live_server.url, "chief")

    page.goto(live_server.url + "/campaigns/new")
    page.get_by_label("行动编号").fill("2026-SJ-01")
    page.get_by_label("行动名称").fill("第四季度双随机抽查")
    page.get_by_label("检查类型").select_option("random")
    today = office_today()
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("结束日期").fill(today.replace(day=28).isoformat() if today.day < 28 else today.isoformat())
    page.get_by_label("北区").check()
    page.get_by_role("button", name="统计企业数").click()
    expect(page.locator("output[data-preview]")).to_have_text("检查范围内共有企业 3 家。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=re.compile("第四季度双随机抽查"))).to_be_visible()

    page.get_by_role("button", name="启动行动").click()
    expect(page.locator(".campaign-meta [data-status]")).to_have_text("进行中")
    page.get_by_role("link", name="双随机抽取").click()
    page.get_by_label("抽取企业数").fill("2")
    page.get_by_label("每家企业检查人数").fill("1")  # the staff pool is the scope grid's one inspector
    page.get_by_label("不单独派企业所在网格的检查人员").uncheck()
    page.get_by_label("随机种子（留空则自动生成）").fill("public-1")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="抽取").click()

    expect(page.get_by_role("heading", name="双随机抽查结果公示：第四季度双随机抽查")).to_be_visible()
    expect(page.locator(".drawn-list tbody tr")).to_have_count(2)
    expect(page.locator("[data-seed]")).to_have_text("public-1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="返回检查行动").click()
    expect(page.locator('.status-counts [data-status="pending"] strong')).to_have_text("2")
