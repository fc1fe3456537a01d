"""'My tasks' on the phone, offline: tasks by due day and campaign, a task opening its enterprise with the
campaign's checklist and kind chosen, the team picked offline, and the inspection carrying the task."""
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.inspections.models import Inspection
from tests.browser.field_helpers import (TIMEOUT_MS, answer_current, field_world, idb_all, joint_check_task,
                                         open_enterprise_by_search, sign_for_both, synced_then_offline, tr,
                                         wait_for_sync)
from tests.factories import make_campaign, make_enterprise, make_task, make_template, make_user


def _do_the_task(page, task_link) -> None:
    """Open a task: its campaign's checklist and the campaign kind are chosen; start, pass the item, finish."""
    task_link.click()
    form = page.locator(".start-inspection")
    # The campaign's checklist, not the one the sector suggests (the fire checklist sorts first too).
    expect(form.locator('input[name="template"]:checked + span')).to_have_text("危险化学品检查表")
    expect(form.locator('input[name="kind"]:checked')).to_have_value("campaign")
    page.get_by_role("button", name=tr("Start inspection")).click()
    answer_current(page, "Pass")
    page.get_by_role("link", name=tr("Finish inspection")).click()


def _add_colleague_and_expert(team) -> None:
    """On the finish page's team card: 王同事 from the staff list, and an expert typed in."""
    team.get_by_label(tr("Add a colleague")).fill("王同")
    team.locator(".staff-match").click()
    team.locator(".team-outside summary").click()
    team.get_by_label(tr("Name"), exact=True).fill("赵专家")
    team.get_by_label(tr("Organisation")).fill("市应急管理局专家库")
    team.get_by_role("button", name=tr("Add to the team")).click()
    expect(team.locator(".team-member")).to_have_count(3)


def test_an_enforcement_task_asks_before_sending_with_one_inspector_and_carries_its_task_and_team(live_server, page):
    world = field_world(items=1)
    clothing = make_enterprise(grid=world["grid"], code="E10003", name="锦绣服装有限公司", sector="textiles")
    chemicals = make_template(name="危险化学品检查表", topic="hazardous_chemicals", items=1)
    make_user("inspector", username="wang", display_name="王同事", grids=[world["grid"]])
    today = date.today()
    enforcement = make_campaign("2026-ZX-01", name="危化品专项整治", templates=[chemicals], enforcement=True,
                                starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    holiday = make_campaign("2026-JR-01", name="节前安全检查", kind="holiday",
                            starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=10))
    # Made as a supervisor's older list had it: one inspector only (the rule is checked again on the phone).
    task = make_task(enforcement, world["enterprise"], team=[world["inspector"]], due_on=today + timedelta(days=2))
    late = make_task(holiday, clothing, team=[world["inspector"]], due_on=today - timedelta(days=3))
    db.session.commit()

    synced_then_offline(page, live_server.url)

    # Home: the overdue task first, then the one due this week.
    card = page.locator(".my-tasks")
    expect(card.locator(".task-row")).to_have_count(2, timeout=TIMEOUT_MS)
    assert [row.get_attribute("data-uuid") for row in card.locator(".task-row").all()] == [late.uuid, task.uuid]
    expect(card.locator(".task-row").first).to_have_attribute("data-state", "overdue")
    card.get_by_role("link", name=tr("All my tasks (%(count)s)", count=2)).click()
    expect(page.locator(".campaign-tasks")).to_have_count(2)
    section = page.locator('.campaign-tasks[data-campaign="2026-ZX-01"]')
    expect(section).to_contain_text(tr("Enforcement check: two inspectors or more"))

    _do_the_task(page, section.locator(".task-row a"))
    team = page.locator("#team")
    expect(team.locator(".team-member")).to_have_count(1)
    sign_for_both(page)
    # 执法人员不少于两人: said on the team card, and again on Submit, which then asks before queueing it so.
    expect(team.locator(".enforcement-warning")).to_be_visible()
    page.get_by_role("button", name=tr("Submit")).click()
    expect(page.locator(".finish-problems")).to_contain_text(
        tr("An enforcement check needs at least two inspectors on the team: add a colleague."))
    expect(page.get_by_role("button", name=tr("Submit with fewer than two inspectors"))).to_be_visible()
    assert idb_all(page, "outbox") == []

    team.get_by_label(tr("Add a colleague")).fill("王")
    team.locator(".staff-match").click()
    expect(team.locator(".enforcement-warning")).to_have_count(0)
    team.locator(".team-outside summary").click()
    team.get_by_label(tr("Organisation")).fill("市安全生产专家库")
    team.get_by_role("button", name=tr("Add to the team")).click()
    expect(team.get_by_role("alert")).to_have_text(tr("Enter the name and the organisation."))
    team.get_by_label(tr("Name"), exact=True).fill("赵专家")
    team.get_by_role("button", name=tr("Add to the team")).click()
    expect(team.locator(".team-member")).to_have_count(3)
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    expect(page.locator(".record")).to_have_count(1, timeout=TIMEOUT_MS)

    [record] = idb_all(page, "outbox")
    assert record["document"]["task_uuid"] == task.uuid
    assert record["document"]["kind"] == "campaign"
    assert record["document"]["template_id"] == chemicals.id
    assert record["document"]["team"] == [
        {"username": "li.inspector"}, {"username": "wang"},
        {"name": "赵专家", "organisation": "市安全生产专家库", "role": "expert"}]
    page.goto(live_server.url + "/app/tasks")
    row = page.locator(f'.task-row[data-uuid="{task.uuid}"]')
    expect(row).to_have_attribute("data-state", "queued")
    expect(row.locator(".task-state")).to_have_text(tr("Waiting in the outbox"))


def test_a_joint_check_task_done_offline_with_a_colleague_and_an_expert_shows_done_after_sync(
        live_server, page, client, auth):
    task = joint_check_task(field_world(items=1), "2026-LH-01")
    make_user("supervisor", username="chen.supervisor")
    db.session.commit()

    synced_then_offline(page, live_server.url)
    page.locator(".my-tasks").get_by_role("link", name=tr("All my tasks (%(count)s)", count=1)).click()
    row = page.locator(f'.task-row[data-uuid="{task.uuid}"]')
    expect(row).to_have_attribute("data-state", "pending", timeout=TIMEOUT_MS)
    _do_the_task(page, row.locator("a"))
    _add_colleague_and_expert(page.locator("#team"))
    sign_for_both(page)
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    expect(page.locator(".record")).to_have_count(1, timeout=TIMEOUT_MS)
    [record] = idb_all(page, "outbox")
    assert (record["document"]["task_uuid"], len(record["document"]["team"])) == (task.uuid, 3)

    page.context.set_offline(False)
    page.get_by_role("button", name=tr("Sync now")).click()
    expect(page.locator(".record")).to_have_count(0, timeout=TIMEOUT_MS)
    wait_for_sync(page)
    page.goto(live_server.url + "/app/tasks")
    expect(row).to_have_attribute("data-state", "done", timeout=TIMEOUT_MS)

    # The supervisor's campaign figures count it, once.
    auth.login("chen.supervisor")
    figures = client.get("/api/v1/campaigns/2026-LH-01").get_json()
    assert (figures["tasks"], figures["done"], figures["enterprises_inspected"]) == (1, 1, 1)
    [inspection] = db.session.scalars(select(Inspection).where(Inspection.uuid == record["uuid"]))
    assert (inspection.task_id, inspection.kind) == (task.id, "campaign")


def test_an_enterprise_opened_without_a_task_lists_the_overdue_and_next_ones_and_folds_a_plans_later_visits(
        live_server, page):
    """An annual plan gives an enterprise a visit a month: its screen shows the one overdue and the next of each
    campaign, the plan's further visits folded below, so the look-back list is not pushed out of sight."""
    world = field_world(items=1)
    today = date.today()
    plan = make_campaign("2026-ND-01", name="年度监督检查计划", kind="plan",
                         starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=300))
    holiday = make_campaign("2026-JR-02", name="节前安全检查", kind="holiday",
                            starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=20))
    visits = [make_task(plan, world["enterprise"], team=[world["inspector"]], due_on=today + timedelta(days=days))
              for days in (-5, 25, 55, 85, 115)]
    before_holiday = make_task(holiday, world["enterprise"], team=[world["inspector"]],
                               due_on=today + timedelta(days=9))
    db.session.commit()

    synced_then_offline(page, live_server.url)
    open_enterprise_by_search(page, "宏达机械有限公司")
    card = page.locator(".tasks-here")
    shown = card.locator(":scope > ul > li")
    expect(shown).to_have_count(3, timeout=TIMEOUT_MS)
    assert [row.get_attribute("data-uuid") for row in shown.all()] == [
        visits[0].uuid, before_holiday.uuid, visits[1].uuid]
    later = card.locator(".later-tasks")
    expect(later.locator("summary")).to_have_text(tr("Later tasks here (%(count)s)", count=3))
    expect(later.locator("li").first).to_be_hidden()
    later.locator("summary").click()
    assert [row.get_attribute("data-uuid") for row in later.locator("li").all()] == [v.uuid for v in visits[2:]]

    # A folded visit still opens as its task: the start form is the task's.
    later.locator("li a").first.click()
    expect(page.locator(f'.task-card[data-task="{visits[2].uuid}"]')).to_be_visible()
