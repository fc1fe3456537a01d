"""The hazard ledger on a supervisor's phone: filter, open a hazard, verify it."""
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.lifecycle import apply_event
from safety.hazards.models import Hazard
from tests.factories import DEFAULT_PASSWORD, make_enterprise, make_grid, make_hazard, make_user


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_supervisor_on_a_phone_filters_opens_and_verifies_a_hazard(live_server, page):
    grid = make_grid(code="N1", name="北区")
    steel = make_enterprise(grid=grid, code="E10001", name="华东钢铁有限公司")
    chem = make_enterprise(grid=grid, code="E10002", name="南方化工有限公司", sector="chemicals")
    inspector = make_user("inspector", username="north", grids=[grid], display_name="李北")
    make_user("supervisor", username="chief", locale="en", display_name="王主任")
    now = datetime.now(timezone.utc)
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date()  # the office's today, as the ledger counts it
    make_hazard(steel, description="配电箱门未关闭", item_key="electrical-01", deadline=today - timedelta(days=12),
                found_at=now - timedelta(days=20), found_by_id=inspector.id)
    make_hazard(steel, description="灭火器过期未更换", item_key="fire-01", deadline=today + timedelta(days=5),
                found_at=now - timedelta(days=2), found_by_id=inspector.id)
    major = make_hazard(chem, description="储罐区可燃气体报警器失效", item_key="chemicals-01", level="major",
                        deadline=today + timedelta(days=3), found_at=now - timedelta(days=6),
                        found_by_id=inspector.id)
    for step, days_ago in (("found", 6), ("rectification_reported", 3), ("recheck_passed", 1)):
        apply_event(major, step, inspector, "inspector", now - timedelta(days=days_ago))
    db.session.commit()
    major_uuid = major.uuid

    sign_in(page, live_server.url, "chief")
    page.goto(live_server.url + "/hazards/")
    rows = page.locator("tr.ledger-row")
    expect(rows).to_have_count(3)
    assert no_sideways_scrolling(page)

    page.get_by_label("Overdue").check()  # submits the filters by itself
    expect(page).to_have_url(re.compile(r"/hazards/\?overdue=1$"))  # the short URL, worth bookmarking
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("配电箱门未关闭")
    expect(rows.first).to_contain_text("12 days overdue")
    assert no_sideways_scrolling(page)

    page.get_by_role("link", name="Clear").click()
    page.locator(".status-counts").get_by_role("link", name=re.compile("Awaiting verification")).click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="储罐区可燃气体报警器失效").click()

    expect(page.get_by_role("heading", name="储罐区可燃气体报警器失效")).to_be_visible()
    assert no_sideways_scrolling(page)
    verify = page.locator("details.action-verify")
    verify.get_by_label("Accepted by (name)").fill("王主任")
    verify.get_by_label("Note").fill("现场核实，报警器已更换")
    verify.get_by_role("button", name="Verify and close").click()

    expect(page.get_by_role("status")).to_have_text("The hazard has been verified and struck off the ledger.")
    expect(page.locator(".hazard-badges")).to_contain_text("Struck off")
    expect(page.locator(".signature-accepted")).to_contain_text("王主任")
    expect(page.locator("details.action-verify")).to_have_count(0)
    db.session.expire_all()
    assert db.session.scalar(select(Hazard.status).where(Hazard.uuid == major_uuid)) == "closed"
