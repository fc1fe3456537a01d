"""Starting an inspection without a task: the checklist suggested by the enterprise's sector is pre-selected."""
from playwright.sync_api import expect

from safety.extensions import db
from tests.browser.field_helpers import TIMEOUT_MS, open_enterprise_by_search, synced_then_offline, tr
from tests.factories import make_enterprise, make_grid, make_template, make_user


def test_a_machinery_workshop_starts_with_the_special_equipment_checklist_offline(live_server, page):
    grid = make_grid(code="G01")
    make_enterprise(grid=grid, code="E10001", name="宏达机械有限公司", sector="machinery")
    make_enterprise(grid=grid, code="E10002", name="华美化工有限公司", sector="chemicals")
    make_enterprise(grid=grid, code="E10003", name="锦绣服装有限公司", sector="textiles")
    # Names chosen so that the hazardous-chemicals checklist sorts first, as it did when it was pre-selected.
    make_template(name="A 危险化学品检查表", topic="hazardous_chemicals")
    make_template(name="B 特种设备检查表", topic="special_equipment")
    make_template(name="C 用电安全检查表", topic="electrical")
    make_user("inspector", username="li.inspector", grids=[grid])
    db.session.commit()

    synced_then_offline(page, live_server.url)

    open_enterprise_by_search(page, "宏达机械有限公司")
    form = page.locator(".start-inspection")
    expect(form.locator('input[name="template"]:checked + span')).to_have_text("B 特种设备检查表", timeout=TIMEOUT_MS)
    # The suggestion comes first and says why.
    expect(form.locator(".choice").first).to_contain_text(tr("Suggested for this sector"))
    expect(form.locator(".suggested")).to_have_count(1)
    assert form.evaluate("(el) => el.scrollWidth <= el.clientWidth")  # nothing overflows at phone size

    page.goto(live_server.url + "/app/enterprise/E10002")
    expect(form.locator('input[name="template"]:checked + span')).to_have_text("A 危险化学品检查表", timeout=TIMEOUT_MS)

    # No checklist for the sector among several: nothing is pre-selected, and starting asks for a choice.
    page.goto(live_server.url + "/app/enterprise/E10003")
    expect(form.locator('input[name="template"]')).to_have_count(3, timeout=TIMEOUT_MS)
    expect(form.locator('input[name="template"]:checked')).to_have_count(0)
    page.get_by_role("button", name=tr("Start inspection")).click()
    expect(page.locator(".item-card")).to_have_count(0)
    assert form.locator('input[name="template"]').first.evaluate("(input) => !input.validity.valid")
    form.get_by_text("C 用电安全检查表").click()
    page.get_by_role("button", name=tr("Start inspection")).click()
    expect(page.locator(".item-card")).to_be_visible()
